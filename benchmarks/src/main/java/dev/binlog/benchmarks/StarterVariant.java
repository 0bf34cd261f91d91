package dev.binlog.benchmarks;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.binlog.spring.cluster.BinlogLeaderElection;
import dev.binlog.spring.container.BinlogListenerContainer;
import dev.binlog.spring.container.ContainerState;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Variants 2 to 5: the starter in a Spring Boot application, with one listener class and some properties.
 * The context starts first with {@code binlog.auto-startup=false}; the measured span runs from the container's
 * {@code start()} (server checks, connection), or with election on from the election's (lock, claim, then the
 * container's start), until the listener saw the last row.
 */
final class StarterVariant implements Variant {

	private final String name;

	private final String description;

	private final Class<?> listeners;

	private final Map<String, Object> properties;

	private final Consumer<Target> beforeRun;

	StarterVariant(String name, String description, Class<?> listeners, Map<String, Object> properties,
			Consumer<Target> beforeRun) {
		this.name = name;
		this.description = description;
		this.listeners = listeners;
		this.properties = properties;
		this.beforeRun = beforeRun;
	}

	StarterVariant(String name, String description, Class<?> listeners, Map<String, Object> properties) {
		this(name, description, listeners, properties, (target) -> {
		});
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public String description() {
		return this.description;
	}

	/** The properties of variant 2, which the others extend. */
	static Map<String, Object> baseProperties(Target target, long serverId) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("binlog.host", target.host());
		properties.put("binlog.port", target.port());
		properties.put("binlog.username", target.username());
		properties.put("binlog.password", target.password());
		properties.put("binlog.server-id", serverId);
		properties.put("binlog.start-position", target.start().startPosition());
		properties.put("binlog.include", "bench\\..*");
		properties.put("binlog.position.store", "memory");
		// an application has a DataSource; the position store ignores it unless told otherwise
		properties.put("spring.datasource.url", target.jdbcUrl(Workload.SCHEMA));
		properties.put("spring.datasource.username", target.adminUsername());
		properties.put("spring.datasource.password", target.adminPassword());
		properties.put("spring.main.banner-mode", "off");
		properties.put("logging.level.root", "WARN");
		return properties;
	}

	/** Builds and starts the application (not yet streaming when {@code binlog.auto-startup=false}). */
	static ConfigurableApplicationContext start(Class<?> listeners, Map<String, Object> properties, Object... beans) {
		SpringApplication application = new SpringApplication(BenchApplication.class, listeners);
		application.setBannerMode(Banner.Mode.OFF);
		application.setLogStartupInfo(false);
		application.setRegisterShutdownHook(false);
		application.setDefaultProperties(properties);
		application.addInitializers((context) -> {
			for (int i = 0; i < beans.length; i++) {
				context.getBeanFactory().registerSingleton("benchBean" + i, beans[i]);
			}
		});
		return application.run();
	}

	@Override
	public RunResult run(Target target, long serverId) throws Exception {
		this.beforeRun.accept(target);
		Probe probe = new Probe(target.rows());
		Map<String, Object> properties = baseProperties(target, serverId);
		properties.putAll(this.properties);
		properties.put("binlog.auto-startup", "false");
		long startup = System.nanoTime();
		try (ConfigurableApplicationContext context = start(this.listeners, properties, probe)) {
			long startupMillis = (System.nanoTime() - startup) / 1_000_000;
			BinlogListenerContainer container = context.getBean(BinlogListenerContainer.class);
			Resources resources = new Resources();
			resources.start();
			long start = System.nanoTime();
			// with election on, the election starts the container once this instance holds the lock
			BinlogLeaderElection election = context.getBeanProvider(BinlogLeaderElection.class).getIfAvailable();
			if (election != null) {
				election.start();
			}
			else {
				container.start();
			}
			await(container, probe, target);
			Resources.Usage usage = resources.stop();
			if (probe.misdeliveredCount() > 0) {
				throw new IllegalStateException(this.name + ": " + probe.misdeliveredCount()
						+ " events reached listeners of other tables");
			}
			return new RunResult(this.name, probe.target(), probe.lastNanos() - start, usage, probe.allocatedBytes(),
					probe.cpuNanos(), probe.lastNanos() - probe.firstNanos(), startupMillis);
		}
	}

	/** Waits until the probe counted its target; fails early if the container stopped. */
	static void await(BinlogListenerContainer container, Probe probe, Target target) throws InterruptedException {
		long deadline = System.nanoTime() + target.timeout().toNanos();
		while (!probe.await(200, TimeUnit.MILLISECONDS)) {
			if (container.getStatus().state() == ContainerState.FAILED) {
				throw new IllegalStateException("The container failed after " + probe.count() + " rows: "
						+ container.getStatus().lastError());
			}
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Only " + probe.count() + " of " + probe.target() + " rows within "
						+ target.timeout() + "; container " + container.getStatus());
			}
		}
	}

}
