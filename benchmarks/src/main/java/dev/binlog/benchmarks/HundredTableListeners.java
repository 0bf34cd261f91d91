package dev.binlog.benchmarks;

import dev.binlog.spring.BinlogListener;
import dev.binlog.spring.TableChangeEvent;

/**
 * Variant 3b: 100 {@link BinlogListener @BinlogListener} methods, each selecting one table of schema {@code bench}:
 * 99 for the tables {@code t1} to {@code t99}, which never change, and one for {@code orders}, which counts. Every
 * event is offered to all 100 listeners, so this measures what selecting by table costs. Generated (see the
 * README), do not edit by hand.
 */
class HundredTableListeners {

	private final Probe probe;

	HundredTableListeners(Probe probe) {
		this.probe = probe;
	}

	@BinlogListener(schema = "bench", table = "t1")
	void t1(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t2")
	void t2(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t3")
	void t3(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t4")
	void t4(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t5")
	void t5(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t6")
	void t6(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t7")
	void t7(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t8")
	void t8(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t9")
	void t9(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t10")
	void t10(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t11")
	void t11(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t12")
	void t12(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t13")
	void t13(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t14")
	void t14(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t15")
	void t15(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t16")
	void t16(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t17")
	void t17(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t18")
	void t18(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t19")
	void t19(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t20")
	void t20(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t21")
	void t21(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t22")
	void t22(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t23")
	void t23(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t24")
	void t24(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t25")
	void t25(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t26")
	void t26(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t27")
	void t27(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t28")
	void t28(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t29")
	void t29(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t30")
	void t30(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t31")
	void t31(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t32")
	void t32(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t33")
	void t33(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t34")
	void t34(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t35")
	void t35(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t36")
	void t36(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t37")
	void t37(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t38")
	void t38(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t39")
	void t39(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t40")
	void t40(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t41")
	void t41(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t42")
	void t42(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t43")
	void t43(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t44")
	void t44(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t45")
	void t45(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t46")
	void t46(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t47")
	void t47(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t48")
	void t48(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t49")
	void t49(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "orders")
	void orders(TableChangeEvent event) {
		this.probe.add(event.getChanges().size());
	}

	@BinlogListener(schema = "bench", table = "t50")
	void t50(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t51")
	void t51(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t52")
	void t52(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t53")
	void t53(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t54")
	void t54(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t55")
	void t55(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t56")
	void t56(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t57")
	void t57(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t58")
	void t58(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t59")
	void t59(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t60")
	void t60(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t61")
	void t61(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t62")
	void t62(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t63")
	void t63(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t64")
	void t64(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t65")
	void t65(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t66")
	void t66(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t67")
	void t67(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t68")
	void t68(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t69")
	void t69(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t70")
	void t70(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t71")
	void t71(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t72")
	void t72(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t73")
	void t73(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t74")
	void t74(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t75")
	void t75(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t76")
	void t76(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t77")
	void t77(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t78")
	void t78(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t79")
	void t79(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t80")
	void t80(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t81")
	void t81(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t82")
	void t82(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t83")
	void t83(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t84")
	void t84(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t85")
	void t85(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t86")
	void t86(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t87")
	void t87(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t88")
	void t88(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t89")
	void t89(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t90")
	void t90(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t91")
	void t91(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t92")
	void t92(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t93")
	void t93(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t94")
	void t94(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t95")
	void t95(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t96")
	void t96(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t97")
	void t97(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t98")
	void t98(TableChangeEvent event) {
		this.probe.misdelivered();
	}

	@BinlogListener(schema = "bench", table = "t99")
	void t99(TableChangeEvent event) {
		this.probe.misdelivered();
	}

}
