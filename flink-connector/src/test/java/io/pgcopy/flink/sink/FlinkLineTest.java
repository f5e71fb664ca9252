package io.pgcopy.flink.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.flink.table.data.RowData;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Each line module builds its own sink on its own Flink, and is refused on the other line with the right advice. */
@Tag("compat")
class FlinkLineTest {
    @Test
    void theLineModuleOnTheClassPathIsTheRunningFlinksAndBuildsTheSink() {
        FlinkLine line = FlinkLine.forRunningFlink();
        assertTrue(line.runsOn(FlinkLine.runningFlink()), line.artifactId() + " on Flink " + FlinkLine.runningFlink());
        PgCopySink<RowData> sink = PgCopySink.<RowData>builder().url("jdbc:postgresql://localhost/db").table("t")
                .rowConverter(RowConverter.rowData(FlinkJobs.EVENT)).build();
        assertEquals(line.sink(null, null).getClass(), sink.getClass());
    }

    @Test
    void aModuleOfTheOtherLineNamesTheArtifactToUse() {
        FlinkLine onlyOneTwenty = line("1.20", "pgcopy-flink-1.20", "1.20");
        Exception e = assertThrows(IllegalStateException.class, () -> FlinkLine.pick("2.3", List.of(onlyOneTwenty)));
        assertTrue(e.getMessage().contains("pgcopy-flink-1.20, which is built for Flink 1.20, but this Flink is 2.3"),
                e.getMessage());
        assertTrue(e.getMessage().contains("use io.pgcopy:pgcopy-flink-2 instead"), e.getMessage());

        FlinkLine onlyTwo = line("2.x", "pgcopy-flink-2", "2.");
        e = assertThrows(IllegalStateException.class, () -> FlinkLine.pick("1.20", List.of(onlyTwo)));
        assertTrue(e.getMessage().contains("use io.pgcopy:pgcopy-flink-1.20 instead"), e.getMessage());

        assertEquals(onlyTwo, FlinkLine.pick("2.1", List.of(onlyOneTwenty, onlyTwo)));
        e = assertThrows(IllegalStateException.class, () -> FlinkLine.pick("2.3", List.of()));
        assertTrue(e.getMessage().contains("pgcopy-flink-common, which is not usable alone"), e.getMessage());
    }

    private static FlinkLine line(String name, String artifactId, String versionPrefix) {
        return new FlinkLine() {
            @Override
            String name() {
                return name;
            }

            @Override
            String artifactId() {
                return artifactId;
            }

            @Override
            boolean runsOn(String flinkVersion) {
                return flinkVersion.startsWith(versionPrefix);
            }

            @Override
            <T> PgCopySink<T> sink(SinkSettings settings, RowConverter<T> converter) {
                throw new AssertionError("not built");
            }
        };
    }
}
