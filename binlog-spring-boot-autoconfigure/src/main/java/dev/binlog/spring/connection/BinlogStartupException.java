package dev.binlog.spring.connection;

/**
 * The binlog listener container cannot start (or go on) because of something the user must change: a property, a
 * server setting or a privilege. Carries a description of the problem and the action that fixes it, shown by the
 * starter's failure analyzer. Never contains a password.
 */
public class BinlogStartupException extends RuntimeException {

	private final String description;

	private final String action;

	/**
	 * Create an exception.
	 * @param description what is wrong
	 * @param action what to change, naming the property or server variable
	 */
	public BinlogStartupException(String description, String action) {
		this(description, action, null);
	}

	/**
	 * Create an exception.
	 * @param description what is wrong
	 * @param action what to change, naming the property or server variable
	 * @param cause the underlying failure, if any
	 */
	public BinlogStartupException(String description, String action, Throwable cause) {
		super(description + " Action: " + action, cause);
		this.description = description;
		this.action = action;
	}

	/**
	 * Return what is wrong.
	 * @return the description
	 */
	public String getDescription() {
		return this.description;
	}

	/**
	 * Return what to change.
	 * @return the action
	 */
	public String getAction() {
		return this.action;
	}

}
