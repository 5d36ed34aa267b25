package io.segmenter.cli.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class AlertExpressionsTest {

    @Test
    void shouldDropTheThresholdOfAComparisonAgainstANumber() {
        assertEquals(List.of("segmenter_model_age_seconds{job=\"segmenter\"}"),
                AlertExpressions.partsToProve("segmenter_model_age_seconds{job=\"segmenter\"} > 2 * 86400"));
        assertEquals(List.of("sum(rate(a{x=\"y\"}[5m])) / sum(rate(a[5m]))"),
                AlertExpressions.partsToProve("sum(rate(a{x=\"y\"}[5m]))\n  / sum(rate(a[5m])) > 0.01"));
        assertEquals(List.of("x"), AlertExpressions.partsToProve("x >= bool 1e3"));
    }

    @Test
    void shouldProveEveryOperandOfSetOperators() {
        assertEquals(List.of("up{job=\"segmenter\"}", "segmenter_app_state{job=\"segmenter\", state=\"RUNNING\"}"),
                AlertExpressions.partsToProve(
                        "up{job=\"segmenter\"} == 0 or segmenter_app_state{job=\"segmenter\", state=\"RUNNING\"} == 0"));
        assertEquals(List.of("lag", "deriv(lag[10m])"), AlertExpressions.partsToProve("lag > 10000 and deriv(lag[10m]) > 0"));
        assertEquals(List.of("sum(rate(t[15m]))", "sum(rate(a[15m]))"),
                AlertExpressions.partsToProve("sum(rate(t[15m])) > 0\n  unless on(job) sum(rate(a[15m])) > 0"));
    }

    @Test
    void shouldKeepAComparedExpressionAndIgnoreOperatorsInsideSelectorsAndStrings() {
        assertEquals(List.of("a{client_id!~\".*restore\", x=~\"or|and\"}", "b"),
                AlertExpressions.partsToProve("a{client_id!~\".*restore\", x=~\"or|and\"} > on(job) b"));
        assertEquals(List.of("boolean_flag", "order_total"), AlertExpressions.partsToProve("boolean_flag == 1 or order_total < 3"));
    }

    @Test
    void shouldTurnEveryRuleOfTheAlertFileIntoQueries() {
        List<PromQuery> queries = AlertExpressions.read(RepositoryFiles.root().resolve("grafana/prometheus/alerts.yml"));
        assertTrue(queries.stream().anyMatch(q -> q.source().contains("recorded series")), queries.toString());
        for (PromQuery q : queries) {
            String outsideSelectors = q.expr().replaceAll("\\{[^}]*}", "{}");
            assertTrue(!q.expr().isBlank() && !outsideSelectors.matches("(?s).*(==|!=|>|<).*"), "comparison left in " + q);
        }
    }
}
