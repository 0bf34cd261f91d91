package dev.binlog.spring.autoconfigure;

import dev.binlog.spring.connection.BinlogStreamException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Shows a {@link BinlogStreamException} as what is wrong and what to change, instead of a stack trace.
 */
class BinlogStartupFailureAnalyzer extends AbstractFailureAnalyzer<BinlogStreamException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, BinlogStreamException cause) {
		return new FailureAnalysis(cause.getDescription(), cause.getAction(), cause);
	}

}
