package io.otarelease.core.canary;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How one KPI came out: its value (and the baseline version's, for KPIs compared with it), the level reached,
 * and for a breach the level it crossed. {@code value} is null only when the KPI was skipped ({@code note} says why).
 */
public record KpiResult(Kpi kpi, Double value, Double baseline, Kpi.Level level, String note) {

    /** The level crossed: the critical or the warning level, or null when OK or skipped. */
    public Double threshold() {
        return switch (level) {
            case CRITICAL -> kpi.critical();
            case WARNING -> kpi.warning();
            default -> null;
        };
    }

    /** One line for a person: "Crash-free sessions 97% < 98% (critical)". */
    public String describe() {
        if (level == Kpi.Level.SKIPPED) {
            return kpi.title() + ": skipped (" + note + ")";
        }
        String v = withUnit(value);
        if (level == Kpi.Level.OK) {
            return kpi.title() + " " + v + (baseline == null ? "" : " (baseline " + withUnit(baseline) + ")");
        }
        String lvl = level == Kpi.Level.CRITICAL ? "critical" : "warning";
        return switch (kpi.breachWhen()) {
            case BELOW -> kpi.title() + " " + v + " < " + withUnit(threshold()) + " (" + lvl + ")";
            case ABOVE -> kpi.title() + " " + v + " > " + withUnit(threshold()) + " (" + lvl + ")";
            case DEVIATES -> kpi.title() + " " + v + " is " + format(Math.abs(value - baseline)) + " points from the baseline's "
                    + withUnit(baseline) + ", more than " + format(threshold()) + " (" + lvl + ")";
        };
    }

    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kpi", kpi.name());
        m.put("title", kpi.title());
        m.put("unit", kpi.unit());
        m.put("breachWhen", kpi.breachWhen().name().toLowerCase(java.util.Locale.ROOT));
        m.put("warning", format(kpi.warning()));
        m.put("critical", format(kpi.critical()));
        m.put("level", level.name());
        m.put("value", value == null ? null : format(value));
        if (baseline != null) {
            m.put("baseline", format(baseline));
        }
        if (threshold() != null) {
            m.put("threshold", format(threshold()));
        }
        if (note != null) {
            m.put("note", note);
        }
        m.put("message", describe());
        return m;
    }

    private String withUnit(double d) {
        String u = kpi.unit();
        return format(d) + (u.isEmpty() || u.equals("%") ? u : " " + u);
    }

    /**
     * Decimals as strings of at most 6 significant digits: our canonical JSON carries integers only, and a
     * verdict read by people and scripts needs no more precision than the metrics have.
     */
    public static String format(double d) {
        BigDecimal b = new BigDecimal(d).round(new MathContext(6)).stripTrailingZeros();
        return b.scale() < 0 ? b.setScale(0).toPlainString() : b.toPlainString();
    }
}
