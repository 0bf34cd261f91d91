package org.springframework.boot.testcontainers.service.connection;

import java.util.List;

import org.testcontainers.containers.Container;

import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.annotation.MergedAnnotations;

/**
 * Builds the {@link ContainerConnectionSource} Spring Boot hands a {@code ConnectionDetailsFactory} for a
 * {@code @ServiceConnection} container, whose constructor is package-private, so that a factory can be tested with
 * a container object that is never started.
 */
public final class TestContainerConnectionSources {

	private TestContainerConnectionSources() {
	}

	/**
	 * Return the source of a {@code @ServiceConnection} field without {@code @Ssl} annotations.
	 * @param <C> the container type
	 * @param type the declared type of the field
	 * @param imageName the container's image name, from which the connection name is deduced
	 * @param container the container
	 * @return the source
	 */
	public static <C extends Container<?>> ContainerConnectionSource<C> of(Class<C> type, String imageName,
			C container) {
		MergedAnnotations none = MergedAnnotations.of(List.of());
		return new ContainerConnectionSource<>("test", null, type, imageName, MergedAnnotation.of(ServiceConnection.class),
				() -> container, SslBundleSource.get(none), none);
	}

}
