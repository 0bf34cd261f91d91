package dev.binlog.test;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * Finds {@link EmbeddedBinlogServer} on a test class (or an enclosing class of a {@code @Nested} one) and returns
 * the customizer that registers its connection details. Registered in {@code META-INF/spring.factories}.
 */
class EmbeddedBinlogServerContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public @Nullable ContextCustomizer createContextCustomizer(Class<?> testClass,
            List<ContextConfigurationAttributes> configAttributes) {
        EmbeddedBinlogServer annotation = TestContextAnnotationUtils.findMergedAnnotation(testClass,
                EmbeddedBinlogServer.class);
        if (annotation == null) {
            return null;
        }
        if (!annotation.database().matches("[A-Za-z0-9_]+")) {
            throw new IllegalStateException("@EmbeddedBinlogServer(database = \"" + annotation.database() + "\") on "
                    + testClass.getName() + " is not a plain identifier: use letters, digits and '_' only");
        }
        return new EmbeddedBinlogServerContextCustomizer(annotation.rowMetadata(), annotation.database());
    }

}
