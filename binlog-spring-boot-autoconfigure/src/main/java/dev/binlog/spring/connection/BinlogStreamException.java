package dev.binlog.spring.connection;

/**
 * The binlog stream cannot start, or cannot go on, because of something a person must change: a property, a server
 * setting, a privilege, or a position the server no longer has. Thrown at startup (and shown by the starter's
 * failure analyzer) and recorded as the cause when a running stream stops with state {@code FAILED}. Carries a
 * description of the problem and the action that fixes it. Never contains a password.
 */
public class BinlogStreamException extends RuntimeException {

	private final String description;

	private final String action;

	/**
	 * Create an exception.
	 * @param description what is wrong
	 * @param action what to change, naming the property or server variable
	 */
	public BinlogStreamException(String description, String action) {
		this(description, action, null);
	}

	/**
	 * Create an exception.
	 * @param description what is wrong
	 * @param action what to change, naming the property or server variable
	 * @param cause the underlying failure, if any
	 */
	public BinlogStreamException(String description, String action, Throwable cause) {
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
