package dev.binlog.benchmarks;

import dev.binlog.spring.BinlogListener;
import dev.binlog.spring.RowChangeEvent;

/**
 * Variant 3c: 100 {@link BinlogListener @BinlogListener} methods, each selecting one table of schema {@code bench}:
 * 99 for the tables {@code t1} to {@code t99}, which never change, and one for {@code orders}, which counts. Every
 * event is offered to all 100 listeners, so this measures what selecting by table costs. Generated (see the
 * README), do not edit by hand.
 */
class HundredRowListeners {

	private final Probe probe;

	HundredRowListeners(Probe probe) {
		this.probe = probe;
	}

	@BinlogListener(schema = "bench", table = "t1")
	void t1(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t2")
	void t2(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t3")
	void t3(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t4")
	void t4(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t5")
	void t5(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t6")
	void t6(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t7")
	void t7(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t8")
	void t8(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t9")
	void t9(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t10")
	void t10(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t11")
	void t11(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t12")
	void t12(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t13")
	void t13(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t14")
	void t14(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t15")
	void t15(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t16")
	void t16(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t17")
	void t17(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t18")
	void t18(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t19")
	void t19(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t20")
	void t20(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t21")
	void t21(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t22")
	void t22(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t23")
	void t23(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t24")
	void t24(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t25")
	void t25(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t26")
	void t26(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t27")
	void t27(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t28")
	void t28(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t29")
	void t29(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t30")
	void t30(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t31")
	void t31(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t32")
	void t32(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t33")
	void t33(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t34")
	void t34(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t35")
	void t35(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t36")
	void t36(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t37")
	void t37(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t38")
	void t38(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t39")
	void t39(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t40")
	void t40(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t41")
	void t41(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t42")
	void t42(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t43")
	void t43(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t44")
	void t44(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t45")
	void t45(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t46")
	void t46(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t47")
	void t47(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t48")
	void t48(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t49")
	void t49(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "orders")
	void orders(RowChangeEvent event) {
		this.probe.add(1);
	}

	@BinlogListener(schema = "bench", table = "t50")
	void t50(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t51")
	void t51(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t52")
	void t52(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t53")
	void t53(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t54")
	void t54(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t55")
	void t55(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t56")
	void t56(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t57")
	void t57(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t58")
	void t58(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t59")
	void t59(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t60")
	void t60(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t61")
	void t61(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t62")
	void t62(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t63")
	void t63(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t64")
	void t64(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t65")
	void t65(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t66")
	void t66(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t67")
	void t67(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t68")
	void t68(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t69")
	void t69(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t70")
	void t70(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t71")
	void t71(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t72")
	void t72(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t73")
	void t73(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t74")
	void t74(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t75")
	void t75(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t76")
	void t76(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t77")
	void t77(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t78")
	void t78(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t79")
	void t79(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t80")
	void t80(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t81")
	void t81(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t82")
	void t82(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t83")
	void t83(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t84")
	void t84(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t85")
	void t85(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t86")
	void t86(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t87")
	void t87(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t88")
	void t88(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t89")
	void t89(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t90")
	void t90(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t91")
	void t91(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t92")
	void t92(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t93")
	void t93(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t94")
	void t94(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t95")
	void t95(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t96")
	void t96(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t97")
	void t97(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t98")
	void t98(RowChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t99")
	void t99(RowChangeEvent event) {
		this.probe.misdelivered();
	}

}
