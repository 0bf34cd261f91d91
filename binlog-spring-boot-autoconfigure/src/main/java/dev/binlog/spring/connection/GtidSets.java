package dev.binlog.spring.connection;

import java.util.regex.Pattern;

/**
 * Recognises the GTID sets the starter can start from: MariaDB's ({@code 0-1-42,1-1-7}) and MySQL's
 * ({@code 3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5:7}, and on MySQL 8.3+ with tagged intervals after the untagged
 * ones: {@code 3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5:mytag:1-2}).
 */
public final class GtidSets {

	private static final Pattern MARIADB = Pattern.compile("\\d+-\\d+-\\d+(\\s*,\\s*\\d+-\\d+-\\d+)*");

	private static final String MYSQL_ONE = "[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?"
			+ "[0-9a-fA-F]{12}(:\\d+(-\\d+)?|:[A-Za-z_][A-Za-z0-9_]{0,31}(?=:\\d))+";

	private static final Pattern MYSQL = Pattern.compile(MYSQL_ONE + "(\\s*,\\s*" + MYSQL_ONE + ")*");

	private GtidSets() {
	}

	/**
	 * Return whether a text is a MariaDB or MySQL GTID set.
	 * @param gtidSet the text
	 * @return whether it is one
	 */
	public static boolean isValid(String gtidSet) {
		String text = gtidSet.replace("\n", "").trim();
		return MARIADB.matcher(text).matches() || MYSQL.matcher(text).matches();
	}

}
