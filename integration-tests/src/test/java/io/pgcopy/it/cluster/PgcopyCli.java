package io.pgcopy.it.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The {@code pgcopy} command line ({@code io.pgcopy.cli.Main}) in a JVM of its own, as an operator runs it. */
final class PgcopyCli {
    private PgcopyCli() {}

    record Result(int exit, String output) {}

    static Result run(Path log, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.pgcopy.cli.Main"));
        command.addAll(List.of(args));
        try (GroupedProcess p = GroupedProcess.start("pgcopy " + args[0], command, Map.of(), log)) {
            int exit = p.exitCode(Duration.ofSeconds(60));
            return new Result(exit, p.log());
        }
    }
}
