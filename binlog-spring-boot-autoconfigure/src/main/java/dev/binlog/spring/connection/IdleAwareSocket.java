package dev.binlog.spring.connection;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;

import org.jspecify.annotations.Nullable;

/**
 * A socket whose input stream calls a hook, on the reading thread, just before a read would wait for bytes that
 * have not arrived: the moment the stream runs dry. The binlog client reads through a buffer, so the hook runs once
 * per refill that finds the socket empty, not once per byte.
 */
final class IdleAwareSocket extends Socket {

	private final BinlogClientFactory.IdleHook hook;

	private @Nullable InputStream input;

	IdleAwareSocket(BinlogClientFactory.IdleHook hook) {
		this.hook = hook;
	}

	@Override
	public synchronized InputStream getInputStream() throws IOException {
		if (this.input == null) {
			this.input = new IdleAwareInputStream(super.getInputStream(), this.hook);
		}
		return this.input;
	}

	private static final class IdleAwareInputStream extends FilterInputStream {

		private final BinlogClientFactory.IdleHook hook;

		IdleAwareInputStream(InputStream in, BinlogClientFactory.IdleHook hook) {
			super(in);
			this.hook = hook;
		}

		@Override
		public int read() throws IOException {
			beforeRead();
			return super.read();
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			beforeRead();
			return super.read(buffer, offset, length);
		}

		private void beforeRead() throws IOException {
			if (this.in.available() == 0) {
				this.hook.beforeWait();
			}
		}

	}

}
