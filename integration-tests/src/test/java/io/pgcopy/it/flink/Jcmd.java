package io.pgcopy.it.flink;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Looks into a running JVM with the JDK's jcmd: its class loaders and metaspace after a full GC. */
final class Jcmd {
    private static final Pattern METASPACE_USED = Pattern.compile("Metaspace\\s+used (\\d+)K");

    private Jcmd() {}

    /** A full GC, which also unloads the classes of unreachable class loaders. */
    static void fullGc(long pid) throws IOException, InterruptedException {
        run(pid, "GC.run");
    }

    /**
     * The class loaders of jobs' own jars still alive: Flink gives each job on a TaskManager a child-first loader of
     * its own, here the one that loaded the job's classes and the pgcopy shaded into its jar.
     */
    static int jobClassLoaders(long pid) throws IOException, InterruptedException {
        return (int) run(pid, "VM.classloader_stats").lines().filter(l -> l.contains("ChildFirstClassLoader")).count();
    }

    /** Metaspace in use, in KB. */
    static long metaspaceUsedKb(long pid) throws IOException, InterruptedException {
        String info = run(pid, "GC.heap_info");
        Matcher m = METASPACE_USED.matcher(info);
        if (!m.find()) throw new AssertionError("no metaspace in jcmd GC.heap_info:\n" + info);
        return Long.parseLong(m.group(1));
    }

    static String run(long pid, String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid)));
        cmd.addAll(List.of(command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new AssertionError("jcmd " + String.join(" ", command) + " failed:\n" + out);
        }
        return out;
    }
}
