#!/bin/sh
# Regenerates HundredTableListeners.java and HundredRowListeners.java: 100 @BinlogListener methods each,
# for bench.t1 .. bench.t99 and bench.orders. Run from the benchmarks directory.
set -e
dir=src/main/java/dev/binlog/benchmarks
gen() {
	cls=$1; evt=$2; add=$3; desc=$4
	{
		cat <<EOF
package dev.binlog.benchmarks;

import dev.binlog.spring.BinlogListener;
import dev.binlog.spring.${evt};

/**
 * ${desc}: 100 {@link BinlogListener @BinlogListener} methods, each selecting one table of schema {@code bench}:
 * 99 for the tables {@code t1} to {@code t99}, which never change, and one for {@code orders}, which counts. Every
 * event is offered to all 100 listeners, so this measures what selecting by table costs. Generated (see the
 * README), do not edit by hand.
 */
class ${cls} {

	private final Probe probe;

	${cls}(Probe probe) {
		this.probe = probe;
	}

EOF
		for i in $(seq 1 99); do
			if [ "$i" = 50 ]; then
				cat <<EOF
	@BinlogListener(schema = "bench", table = "orders")
	void orders(${evt} event) {
		this.probe.add(${add});
	}

EOF
			fi
			cat <<EOF
	@BinlogListener(schema = "bench", table = "t$i")
	void t$i(${evt} event) {
		this.probe.misdelivered();
	}

EOF
		done
		echo "}"
	} > "$dir/$cls.java"
}
gen HundredTableListeners TableChangeEvent 'event.getChanges().size()' 'Variant 3b'
gen HundredRowListeners RowChangeEvent '1' 'Variant 3c'
