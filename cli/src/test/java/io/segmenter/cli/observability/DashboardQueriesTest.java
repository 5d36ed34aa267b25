package io.segmenter.cli.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class DashboardQueriesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldReplaceGrafanaVariablesAndReadPanelsInsideRows() throws Exception {
        String dashboard = """
                {"time": {"from": "now-6h", "to": "now"},
                 "templating": {"list": [{"name": "datasource", "type": "datasource", "current": {"value": "prometheus"}},
                                         {"name": "instance", "type": "query", "current": {"value": "$__all"}}]},
                 "panels": [
                   {"title": "Rate", "targets": [{"refId": "A", "expr": "rate(x{instance=~\\"$instance\\"}[$__rate_interval])"}]},
                   {"title": "Row", "type": "row", "panels": [
                     {"title": "Inside", "targets": [{"refId": "B", "expr": "increase(y[${__range}])"},
                                                     {"refId": "C", "expr": "z", "hide": true}]}]}]}
                """;
        List<PromQuery> queries = DashboardQueries.read("d.json", JSON.readTree(dashboard), "1m");
        assertEquals(List.of(
                new PromQuery("d.json / Rate / A", "rate(x{instance=~\".*\"}[1m])"),
                new PromQuery("d.json / Inside / B", "increase(y[6h])")), queries);
    }

    @Test
    void shouldRefuseAVariableItCannotReplace() throws Exception {
        String dashboard = """
                {"panels": [{"title": "P", "targets": [{"refId": "A", "expr": "rate(x[$unknown])"}]}]}
                """;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DashboardQueries.read("d.json", JSON.readTree(dashboard), "1m"));
        assertTrue(e.getMessage().contains("$unknown"), e.getMessage());
    }

    @Test
    void shouldReadEveryTargetOfTheRepositoryDashboards() {
        List<PromQuery> queries = DashboardQueries.read(RepositoryFiles.root().resolve("grafana/dashboards"), "1m");
        assertTrue(queries.size() > 40, "too few queries: " + queries.size());
        queries.forEach(q -> assertTrue(!q.expr().contains("$"), "variable left in " + q));
    }
}
