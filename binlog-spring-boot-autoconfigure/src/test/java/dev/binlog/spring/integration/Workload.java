package dev.binlog.spring.integration;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import dev.binlog.test.EmbeddedMariaDb;

import static dev.binlog.spring.integration.TestTimeouts.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A reproducible mix of inserts, updates and deletes over two tables, in transactions of a few statements.
 */
final class Workload {

	static final List<String> ACCOUNT_COLUMNS = List.of("id", "balance", "owner");

	static final List<String> NOTE_COLUMNS = List.of("id", "account", "text");

	private final EmbeddedMariaDb server;

	private final String schema;

	private final Random random;

	private final List<Integer> accounts = new ArrayList<>();

	private final List<Integer> notes = new ArrayList<>();

	private int nextId = 1;

	Workload(EmbeddedMariaDb server, String schema, long seed) {
		this.server = server;
		this.schema = schema;
		this.random = new Random(seed);
	}

	void createTables() {
		this.server.execute("CREATE DATABASE IF NOT EXISTS " + this.schema,
				"CREATE TABLE " + this.schema + ".accounts (id INT PRIMARY KEY, balance DECIMAL(12,2), owner VARCHAR(40))",
				"CREATE TABLE " + this.schema + ".notes (id INT PRIMARY KEY, account INT, text TEXT)");
	}

	void run(int transactions) {
		for (int t = 0; t < transactions; t++) {
			List<String> sql = new ArrayList<>();
			sql.add("BEGIN");
			int statements = 1 + this.random.nextInt(4);
			for (int s = 0; s < statements; s++) {
				sql.add(nextStatement());
			}
			sql.add("COMMIT");
			this.server.execute(sql.toArray(String[]::new));
		}
	}

	/**
	 * Wait until the replica's copy of both tables equals the source.
	 * @param replica the replica fed by the events of this workload's schema
	 */
	void awaitEqual(Replica replica) {
		await().atMost(TIMEOUT).untilAsserted(() -> {
			assertThat(replica.table("accounts"))
				.isEqualTo(Replica.select(this.server, this.schema, "accounts", ACCOUNT_COLUMNS));
			assertThat(replica.table("notes")).isEqualTo(Replica.select(this.server, this.schema, "notes", NOTE_COLUMNS));
		});
	}

	private String nextStatement() {
		int choice = this.random.nextInt(10);
		if (choice < 4 || this.accounts.isEmpty()) {
			int id = this.nextId++;
			this.accounts.add(id);
			return "INSERT INTO " + this.schema + ".accounts VALUES (" + id + ", " + this.random.nextInt(100000) / 100.0
					+ ", 'owner " + id + " ✓')";
		}
		if (choice < 6) {
			int id = this.nextId++;
			this.notes.add(id);
			return "INSERT INTO " + this.schema + ".notes VALUES (" + id + ", " + pick(this.accounts) + ", 'note "
					+ id + "')";
		}
		if (choice < 9) {
			return "UPDATE " + this.schema + ".accounts SET balance = balance + 1.25, owner = CONCAT(owner, '+') "
					+ "WHERE id = " + pick(this.accounts);
		}
		List<Integer> from = (this.notes.isEmpty() || this.random.nextBoolean()) ? this.accounts : this.notes;
		Integer id = from.remove(this.random.nextInt(from.size()));
		return "DELETE FROM " + this.schema + "." + ((from == this.accounts) ? "accounts" : "notes") + " WHERE id = "
				+ id;
	}

	private int pick(List<Integer> ids) {
		return ids.get(this.random.nextInt(ids.size()));
	}

}
