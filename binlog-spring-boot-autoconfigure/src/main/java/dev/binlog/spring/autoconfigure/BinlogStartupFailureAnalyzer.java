package dev.binlog.spring.autoconfigure;

import dev.binlog.spring.connection.BinlogStartupException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Shows a {@link BinlogStartupException} as what is wrong and what to change, instead of a stack trace.
 */
class BinlogStartupFailureAnalyzer extends AbstractFailureAnalyzer<BinlogStartupException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, BinlogStartupException cause) {
		return new FailureAnalysis(cause.getDescription(), cause.getAction(), cause);
	}

}
