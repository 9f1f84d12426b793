package io.specgraph.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/specgraph, run by bash in a copy of the clone's layout with fake JDKs (scripts that record how they were
 * started) and a fake mvn: which JDK it picks and when it searches again, when it rebuilds the jar, and how it
 * writes, keeps and drops the class-data-sharing archives. No JVM is started, so this is quick.
 */
class LauncherTest {
    private static final Path REPO = Path.of(System.getProperty("specgraph.repo"));
    private static final String MAIN = "io.specgraph.cli.Main";
    // all in the past: the launcher's archive stamp is written now, after the jar was built
    private static final FileTime BEFORE = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));
    private static final FileTime BUILT = FileTime.from(Instant.parse("2021-01-01T00:00:00Z"));
    private static final FileTime AFTER = FileTime.from(Instant.parse("2022-01-01T00:00:00Z"));

    @TempDir
    Path dir;
    Path root;
    Path jar;
    Path cache;
    Path log;

    @BeforeEach
    void layOutAClone() throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")) || Files.isExecutable(Path.of("/usr/bin/bash")), "bash is not installed");
        root = dir.resolve("clone");
        Files.createDirectories(root.resolve("bin"));
        for (String script : List.of("specgraph", "find-java.sh")) {
            Files.copy(REPO.resolve("bin").resolve(script), root.resolve("bin").resolve(script));
        }
        root.resolve("bin/specgraph").toFile().setExecutable(true);
        write(root.resolve("engine/src/main/java/A.java"), "class A {}");
        try (var sources = Files.walk(root.resolve("engine"))) { // folders count too: a deleted source rebuilds
            for (Path p : sources.toList()) {
                Files.setLastModifiedTime(p, BEFORE);
            }
        }
        jar = write(root.resolve("cli/target/specgraph-core.jar"), "jar");
        Files.setLastModifiedTime(jar, BUILT);
        Files.createDirectories(root.resolve("cli/target/temporal-lib"));
        cache = dir.resolve("cache/java");
        log = dir.resolve("log");
    }

    @Test
    void aJdkFoundOnceIsRememberedAndNotSearchedForAgain() throws Exception {
        Path jdk = jdk("jdk-a", "21.0.4");

        Result first = launch(Map.of("JAVA_HOME", jdk.toString()), "--help");

        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.javaRan()).isEqualTo(jdk.resolve("bin/java").toString());
        assertThat(Files.readAllLines(cache)).containsExactly("JAVA_HOME=" + jdk, jdk.resolve("bin/java").toString());

        // the cache names another JDK for the same JAVA_HOME: it is used as it is, nothing is searched
        Path other = jdk("jdk-b", "25");
        Files.write(cache, List.of("JAVA_HOME=" + jdk, other.resolve("bin/java").toString()));
        assertThat(launch(Map.of("JAVA_HOME", jdk.toString()), "--help").javaRan()).isEqualTo(other.resolve("bin/java").toString());
    }

    @Test
    void aChangedJavaHomeOrAVanishedJdkIsSearchedForAgain() throws Exception {
        Path a = jdk("jdk-a", "21.0.4");
        Path b = jdk("jdk-b", "25.0.1");
        launch(Map.of("JAVA_HOME", a.toString()), "--help");

        Result moved = launch(Map.of("JAVA_HOME", b.toString()), "--help");
        assertThat(moved.javaRan()).isEqualTo(b.resolve("bin/java").toString());
        assertThat(Files.readAllLines(cache)).containsExactly("JAVA_HOME=" + b, b.resolve("bin/java").toString());

        Path c = jdk("jdk-c", "22");
        Files.write(cache, List.of("JAVA_HOME=" + c, dir.resolve("gone/bin/java").toString()));
        assertThat(launch(Map.of("JAVA_HOME", c.toString()), "--help").javaRan()).isEqualTo(c.resolve("bin/java").toString());
    }

    @Test
    void aJavaHomeOlderThan21IsNotUsed() throws Exception {
        Path old = jdk("jdk-17", "17.0.9");

        Result run = launch(Map.of("JAVA_HOME", old.toString()), "--help");

        assertThat(run.javaRan()).isNotEqualTo(old.resolve("bin/java").toString());
    }

    @Test
    void theJarIsRebuiltWhenAPomOrAMainSourceIsNewerButNotForATest() throws Exception {
        Path jdk = jdk("jdk-a", "21");
        Path test = write(root.resolve("engine/src/test/java/ATest.java"), "class ATest {}");
        Files.setLastModifiedTime(test, AFTER);
        assertThat(launch(Map.of("JAVA_HOME", jdk.toString()), "--help").mvnRan()).isFalse();

        Files.setLastModifiedTime(root.resolve("engine/src/main/java/A.java"), AFTER);
        Result rebuilt = launch(Map.of("JAVA_HOME", jdk.toString()), "--help");
        assertThat(rebuilt.mvnRan()).isTrue();
        assertThat(rebuilt.err()).contains("building the CLI");

        Files.setLastModifiedTime(root.resolve("engine/src/main/java/A.java"), BEFORE);
        Files.setLastModifiedTime(write(root.resolve("pom.xml"), "<project/>"), AFTER);
        assertThat(launch(Map.of("JAVA_HOME", jdk.toString()), "--help").mvnRan()).isTrue();
    }

    @Test
    void theJarsAreRebuiltWhenATemporalSourceIsNewerOrTemporalsLibrariesAreMissing() throws Exception {
        Path jdk = jdk("jdk-a", "21");
        Map<String, String> env = Map.of("JAVA_HOME", jdk.toString());
        Path source = write(root.resolve("temporal/src/main/java/T.java"), "class T {}");
        try (var paths = Files.walk(root.resolve("temporal"))) {
            for (Path p : paths.toList()) {
                Files.setLastModifiedTime(p, BEFORE);
            }
        }
        assertThat(launch(env, "--help").mvnRan()).isFalse();

        Files.setLastModifiedTime(source, AFTER);
        assertThat(launch(env, "--help").mvnRan()).as("a newer temporal source").isTrue();

        Files.setLastModifiedTime(source, BEFORE);
        Files.delete(root.resolve("cli/target/temporal-lib"));
        assertThat(launch(env, "--help").mvnRan()).as("no cli/target/temporal-lib").isTrue();
    }

    @Test
    void temporalsLibrariesAreOnTheClassPathOnlyForTheCommandsThatRunOnItAndThoseGetNoArchive() throws Exception {
        Path jdk = jdk("jdk-25", "25.0.1");
        Map<String, String> env = Map.of("JAVA_HOME", jdk.toString());
        String withTemporal = jar + ":" + root.resolve("cli/target/temporal-lib") + "/*";

        for (List<String> args : List.of(List.of("worker", "--temporal", "host:7233", "spec"), List.of("dev-server"),
                List.of("run", "spec", "--temporal=host:7233"), List.of("show", "run-1", "--temporal", "host:7233"))) {
            Result run = launch(env, args.toArray(String[]::new));
            assertThat(run.code()).as(run.err()).isZero();
            assertThat(run.javaArgs()).as(String.join(" ", args)).containsSubsequence("-cp", withTemporal, MAIN)
                    .noneMatch(a -> a.startsWith("-XX:AOT") || a.startsWith("-XX:Shared") || a.startsWith("-XX:Dump")
                            || a.startsWith("-XX:TieredStopAtLevel") || a.equals("-XX:+UseSerialGC"))
                    // the JVM's own messages still go to stderr
                    .containsSubsequence("-Xlog:disable", "-Xlog:all=warning:stderr");
        }
        try (var files = Files.list(archives(jdk))) {
            assertThat(files.map(p -> p.getFileName().toString())).as("nothing recorded on Temporal's class path").containsExactly("stamp");
        }

        for (List<String> args : List.of(List.of("validate", "spec"), List.of("--help"), List.of("run", "spec", "--simulate"))) {
            assertThat(launch(env, args.toArray(String[]::new)).javaArgs()).as(String.join(" ", args))
                    .containsSubsequence("-cp", jar.toString(), MAIN).doesNotContain(withTemporal);
        }
    }

    @Test
    void aClassArchiveIsWrittenAfterTheFirstRunThatWorkedAndUsedAfterwards() throws Exception {
        Path jdk = jdk("jdk-a", "21");
        Map<String, String> env = Map.of("JAVA_HOME", jdk.toString());

        Result failed = launch(env, Map.of("FAKE_EXIT", "2"), "validate", "no-such-folder");
        assertThat(failed.code()).isEqualTo(2);
        assertThat(failed.javaArgs()).anyMatch(a -> a.startsWith("-XX:DumpLoadedClassList=") && a.contains("/validate.jsa."))
                .doesNotContain("-Xshare:dump");
        Path archive = archives(jdk).resolve("validate.jsa");
        assertThat(archive).as("a run that failed on bad input leaves no archive").doesNotExist();

        Result notClosed = launch(env, Map.of("FAKE_EXIT", "1"), "validate", "spec");
        assertThat(notClosed.code()).isEqualTo(1);
        assertThat(notClosed.javaArgs()).contains("-Xshare:dump", "-cp", jar.toString());
        // the class list's resolved-constant lines are left out: they would keep picocli's classes out of it
        assertThat(Files.readAllLines(archive)).containsExactly("archive", "a/B");
        try (var files = Files.list(archives(jdk))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("stamp", "validate.jsa");
        }

        Result next = launch(env, "validate", "spec");
        assertThat(next.javaArgs()).contains("-XX:SharedArchiveFile=" + archive)
                .noneMatch(a -> a.startsWith("-XX:DumpLoadedClassList")).doesNotContain("-Xshare:dump");
        assertThat(launch(env, "plan", "--help").javaArgs())
                .anyMatch(a -> a.startsWith("-XX:DumpLoadedClassList=") && a.contains("/help.jsa."));
        // the JVM's own messages never go to standard output, where --format json goes
        assertThat(next.javaArgs()).containsSubsequence("-Xlog:disable", "-Xlog:all=warning:stderr");
    }

    @Test
    void archivesAreDroppedWhenTheJarIsRebuilt() throws Exception {
        Path jdk = jdk("jdk-a", "21");
        Map<String, String> env = Map.of("JAVA_HOME", jdk.toString());
        launch(env, "validate", "spec");
        Path archive = archives(jdk).resolve("validate.jsa");
        assertThat(archive).exists();

        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));
        Result afterBuild = launch(env, "validate", "spec");

        assertThat(afterBuild.javaArgs()).doesNotContain("-XX:SharedArchiveFile=" + archive)
                .anyMatch(a -> a.startsWith("-XX:DumpLoadedClassList="));
    }

    @Test
    void javaOptsStillReachTheJvmAfterTheLaunchersOwnOptions() throws Exception {
        Path jdk = jdk("jdk-a", "21");

        Result run = launch(Map.of("JAVA_HOME", jdk.toString(), "JAVA_OPTS", "-Xss64m -Xshare:off"), "validate", "spec");

        assertThat(run.javaArgs()).containsSubsequence("-Xss64m", "-Xshare:off", "-cp", jar.toString(), MAIN, "validate", "spec");
    }

    @Test
    void aLinkToTheLauncherFindsItsClone() throws Exception {
        Path jdk = jdk("jdk-a", "21");
        Path link = Files.createSymbolicLink(Files.createDirectories(dir.resolve("path-bin")).resolve("specgraph"),
                root.resolve("bin/specgraph"));

        Result run = launch(link, Map.of("JAVA_HOME", jdk.toString()), Map.of(), "--help");

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.javaArgs()).contains(jar.toString());
    }

    @Test
    void onJdk24AndLaterAnAotCacheIsCreatedAfterTheFirstRunThatWorkedAndUsedAfterwards() throws Exception {
        Path jdk = jdk("jdk-25", "25.0.1");
        Map<String, String> env = Map.of("JAVA_HOME", jdk.toString());

        Result failed = launch(env, Map.of("FAKE_EXIT", "2"), "validate", "no-such-folder");
        assertThat(failed.code()).isEqualTo(2);
        assertThat(failed.javaArgs()).contains("-XX:AOTMode=record")
                .anyMatch(a -> a.startsWith("-XX:AOTConfiguration=") && a.contains("/validate.aot."))
                .noneMatch(a -> a.startsWith("-XX:DumpLoadedClassList")).doesNotContain("-XX:AOTMode=create");
        Path cache = archives(jdk).resolve("validate.aot");
        assertThat(cache).as("a run that failed on bad input leaves no cache").doesNotExist();

        Result notClosed = launch(env, Map.of("FAKE_EXIT", "1"), "validate", "spec");
        assertThat(notClosed.code()).isEqualTo(1);
        assertThat(notClosed.javaArgs()).contains("-XX:AOTMode=create", "-XX:AOTCache=" + cache + "." + notClosed.pid(),
                "-cp", jar.toString());
        assertThat(Files.readAllLines(cache)).containsExactly("cache", "recorded");
        try (var files = Files.list(archives(jdk))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("stamp", "validate.aot");
        }

        Result next = launch(env, "validate", "spec");
        assertThat(next.javaArgs()).contains("-XX:AOTCache=" + cache).doesNotContain("-XX:AOTMode=record", "-XX:AOTMode=create")
                .noneMatch(a -> a.startsWith("-XX:SharedArchiveFile") || a.startsWith("-XX:DumpLoadedClassList"));
        // JDK 25 logs the cache under the aot tag; that is silenced too, never written to standard output
        assertThat(next.javaArgs()).containsSubsequence("-Xlog:disable", "-Xlog:all=warning:stderr", "-Xlog:aot*=off:stderr");

        // --help loads little but picocli, compiled for Java 21 so that an AOT cache holds it: help gets one too
        assertThat(launch(env, "--help").javaArgs()).contains("-XX:AOTMode=record")
                .anyMatch(a -> a.startsWith("-XX:AOTConfiguration=") && a.contains("/help.aot."))
                .noneMatch(a -> a.startsWith("-XX:DumpLoadedClassList") || a.startsWith("-XX:SharedArchiveFile"))
                .contains("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
        assertThat(launch(env, "run", "--help").javaArgs()).contains("-XX:AOTCache=" + archives(jdk).resolve("help.aot"));

        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));
        assertThat(launch(env, "validate", "spec").javaArgs()).as("a rebuilt jar drops the cache")
                .doesNotContain("-XX:AOTCache=" + cache).contains("-XX:AOTMode=record");
    }

    @Test
    void anAotCacheThatCannotBeCreatedNeverFailsTheCommandAndIsNotTriedAgainForThatJar() throws Exception {
        Path jdk = jdk("jdk-24", "24.0.2");
        Map<String, String> env = Map.of("JAVA_HOME", jdk.toString());

        Result first = launch(env, Map.of("FAKE_CREATE_FAILS", "1"), "plan", "spec");

        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.javaArgs()).contains("-XX:AOTMode=create");
        assertThat(archives(jdk).resolve("plan.aot")).doesNotExist();
        Result second = launch(env, "plan", "spec");
        assertThat(second.code()).isZero();
        assertThat(second.javaArgs()).noneMatch(a -> a.startsWith("-XX:AOT")).containsSubsequence("-cp", jar.toString(), MAIN);
        // JDK 24 does not know the aot log tag (naming it would stop the JVM): only the cds tags are silenced
        assertThat(second.javaArgs()).noneMatch(a -> a.startsWith("-Xlog:aot")).contains("-Xlog:cds=off,cds+dynamic=off:stderr");
        try (var files = Files.list(archives(jdk))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("stamp", "plan.aot.failed");
        }
    }

    @Test
    void javaOptsThatSetUpSharingThemselvesGetNoAotOptionsBesideThem() throws Exception {
        Path jdk = jdk("jdk-25", "25");

        Result run = launch(Map.of("JAVA_HOME", jdk.toString(), "JAVA_OPTS", "-Xss64m -Xshare:off"), "validate", "spec");

        assertThat(run.code()).isZero();
        assertThat(run.javaArgs()).noneMatch(a -> a.startsWith("-XX:AOT") || a.startsWith("-XX:Shared") || a.startsWith("-XX:Dump"))
                .containsSubsequence("-Xss64m", "-Xshare:off", "-cp", jar.toString(), MAIN, "validate", "spec");
        assertThat(archives(jdk)).doesNotExist();
    }

    /**
     * The same with a real JDK 24+ (skipped when none is installed) and a real jar: the cache the launcher creates
     * is one the JVM opens, and the command's output and exit status are the same with and without it.
     */
    @Test
    void aRealJdk24OrLaterOpensTheCacheTheLauncherCreated() throws Exception {
        Path jdk = realJdk(24);
        int feature = feature(jdk);
        Files.delete(jar);
        buildJar(jar);
        Files.setLastModifiedTime(jar, BUILT);
        Map<String, String> env = Map.of("JAVA_HOME", jdk.toString());

        Result first = launch(env, "validate", "not-closed");
        Path cache = archives(jdk).resolve("validate.aot");
        assertThat(first.code()).as(first.err()).isEqualTo(1);
        assertThat(first.out()).isEqualTo("hello validate not-closed\n");
        assertThat(cache).as(first.err()).isRegularFile();
        assertThat(Files.size(cache)).isPositive();

        String log = feature >= 25 ? "-Xlog:aot=info:stderr" : "-Xlog:cds=info:stderr";
        Result second = launch(Map.of("JAVA_HOME", jdk.toString(), "JAVA_OPTS", log), "validate", "not-closed");
        assertThat(second.code()).isEqualTo(1);
        assertThat(second.out()).isEqualTo("hello validate not-closed\n");
        assertThat(second.err().lines()).as(second.err()).anyMatch(l -> l.contains("Opened") && l.contains(cache.toString()));
    }

    // ------------------------------------------------------------------ helpers

    /** The newest installed JDK of at least this feature version; skips the test when there is none. */
    private static Path realJdk(int atLeast) throws IOException {
        Path best = null;
        int bestFeature = 0;
        for (String folder : List.of("/usr/lib/jvm", "/usr/java", "/opt/java", System.getProperty("user.home") + "/.sdkman/candidates/java")) {
            Path dir = Path.of(folder);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (var homes = Files.list(dir)) {
                for (Path home : homes.toList()) {
                    int f = feature(home);
                    if (f >= atLeast && f > bestFeature && Files.isExecutable(home.resolve("bin/java"))
                            && Files.isRegularFile(home.resolve("lib/server/classes.jsa"))) {
                        best = home.toRealPath();
                        bestFeature = f;
                    }
                }
            }
        }
        assumeTrue(best != null, "skipped: no JDK " + atLeast + "+ with a CDS archive installed (the AOT cache needs one)");
        return best;
    }

    private static int feature(Path home) throws IOException {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release)) {
            return 0;
        }
        for (String line : Files.readAllLines(release)) {
            if (line.startsWith("JAVA_VERSION=")) {
                String v = line.substring("JAVA_VERSION=".length()).replace("\"", "").split("[.+_-]")[0];
                return v.matches("\\d+") ? Integer.parseInt(v) : 0;
            }
        }
        return 0;
    }

    /** A jar whose main class (named as the CLI's) prints its arguments and exits 1 when told "not-closed", as validate would. */
    private void buildJar(Path target) throws IOException {
        Path src = write(dir.resolve("src/io/specgraph/cli/Main.java"), """
                package io.specgraph.cli;
                public class Main {
                    public static void main(String[] args) {
                        System.out.println("hello " + String.join(" ", args));
                        java.util.function.Supplier<String> lambda = () -> "linked";
                        if (lambda.get().isEmpty() || java.util.List.of(args).contains("not-closed")) {
                            System.exit(1);
                        }
                    }
                }
                """);
        Path classes = Files.createDirectories(dir.resolve("classes"));
        var compiler = javax.tools.ToolProvider.getSystemJavaCompiler();
        assumeTrue(compiler != null, "skipped: no Java compiler in this JDK");
        assertThat(compiler.run(null, null, null, "--release", "21", "-d", classes.toString(), src.toString())).isZero();
        var manifest = new java.util.jar.Manifest();
        manifest.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
        try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(target), manifest)) {
            out.putNextEntry(new java.util.jar.JarEntry("io/specgraph/cli/Main.class"));
            out.write(Files.readAllBytes(classes.resolve("io/specgraph/cli/Main.class")));
            out.closeEntry();
        }
    }


    /** A fake JDK: a release file with its version, a base CDS archive, and a java that records its arguments. */
    private Path jdk(String name, String version) throws IOException {
        Path home = dir.resolve("jdks").resolve(name);
        write(home.resolve("release"), "IMPLEMENTOR=\"fake\"\nJAVA_VERSION=\"" + version + "\"\n");
        write(home.resolve("lib/server/classes.jsa"), "base");
        Path java = write(home.resolve("bin/java"), """
                #!/usr/bin/env bash
                { echo "java $0"; for a in "$@"; do echo "arg $a"; done; } >> "$FAKE_LOG"
                for a in "$@"; do
                  case "$a" in
                    -XX:DumpLoadedClassList=*) printf 'a/B\n@cp a/B 1\n' > "${a#*=}" ;;
                    -XX:SharedClassListFile=*) list="${a#*=}" ;;
                    -XX:SharedArchiveFile=*) target="${a#*=}" ;;
                    -Xshare:dump) dump=1 ;;
                    -XX:AOTMode=*) mode="${a#*=}" ;;
                    -XX:AOTConfiguration=*) conf="${a#*=}" ;;
                    -XX:AOTCache=*) cache="${a#*=}" ;;
                  esac
                done
                if [[ -n "${dump:-}" ]]; then { echo archive; cat "$list"; } > "$target"; exit 0; fi
                if [[ "${mode:-}" == create ]]; then
                  [[ -z "${FAKE_CREATE_FAILS:-}" ]] || exit 1
                  { echo cache; cat "$conf"; } > "$cache"; exit 0
                fi
                if [[ "${mode:-}" == record ]]; then echo recorded > "$conf"; fi
                exit "${FAKE_EXIT:-0}"
                """);
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return home;
    }

    private Path archives(Path jdk) {
        return root.resolve("cli/target/cds").resolve(jdk.toString().replaceAll("[^A-Za-z0-9._-]", "_"));
    }

    private Result launch(Map<String, String> env, String... args) throws Exception {
        return launch(root.resolve("bin/specgraph"), env, Map.of(), args);
    }

    private Result launch(Map<String, String> env, Map<String, String> more, String... args) throws Exception {
        return launch(root.resolve("bin/specgraph"), env, more, args);
    }

    private Result launch(Path launcher, Map<String, String> env, Map<String, String> more, String... args) throws Exception {
        Files.deleteIfExists(log);
        Files.createFile(log);
        Path fakeBin = dir.resolve("fake-bin");
        Path mvn = write(fakeBin.resolve("mvn"), "#!/usr/bin/env bash\necho mvn >> \"$FAKE_LOG\"\nexit 1\n");
        Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));
        ProcessBuilder pb = new ProcessBuilder();
        pb.command().add(launcher.toString());
        pb.command().addAll(List.of(args));
        pb.environment().remove("JAVA_OPTS");
        pb.environment().remove("XDG_CACHE_HOME");
        pb.environment().put("SPECGRAPH_JAVA_CACHE", cache.toString());
        pb.environment().put("FAKE_LOG", log.toString());
        pb.environment().put("PATH", fakeBin + ":/usr/bin:/bin");
        pb.environment().putAll(env);
        pb.environment().putAll(more);
        pb.directory(dir.toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out, err, Files.readAllLines(log));
    }

    private static Path write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    /** What one launch did: its exit code, streams and the fake programs' records. */
    private record Result(int code, String out, String err, List<String> log) {
        String javaRan() {
            return log.stream().filter(l -> l.startsWith("java ")).map(l -> l.substring(5)).findFirst().orElse(null);
        }

        List<String> javaArgs() {
            return log.stream().filter(l -> l.startsWith("arg ")).map(l -> l.substring(4)).toList();
        }

        boolean mvnRan() {
            return log.contains("mvn");
        }

        /** The launcher's process id, as its temporary file names carry it (from the recording run's configuration). */
        String pid() {
            return javaArgs().stream().filter(a -> a.startsWith("-XX:AOTConfiguration=")).findFirst()
                    .map(a -> a.replaceAll(".*\\.aot\\.(\\d+)\\.conf$", "$1")).orElseThrow();
        }
    }
}
