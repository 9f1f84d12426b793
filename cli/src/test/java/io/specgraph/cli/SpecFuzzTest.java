package io.specgraph.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutates the example specs and runs {@code validate}, then {@code plan} and a simulated {@code run} in
 * virtual time, on every mutant, asserting only the documented outcome classes: exit 0, 1 or 2; a bad input
 * (2) names the file it is about; never an internal error (3), never a stack trace, never a hang.
 *
 * <p>Seeded and bounded so that it fits in the suite (about half a minute). A longer run, by hand:
 * {@code mvn -pl cli -am test -Dtest=SpecFuzzTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dspecgraph.fuzz.mutants=5000 -Dspecgraph.fuzz.seed=42}. A failing mutant is kept under
 * {@code cli/target/fuzz-failures/} with the arguments that broke it.
 */
class SpecFuzzTest {
    private static final Path REPO = Path.of(System.getProperty("specgraph.repo"));
    private static final int MUTANTS = Integer.getInteger("specgraph.fuzz.mutants", 120);
    private static final long SEED = Long.getLong("specgraph.fuzz.seed", 20261202L);
    /** Far above any legitimate command on these specs (tenths of a second): only a hang reaches it. */
    private static final long HANG_SECONDS = 60;
    private static final String[] EXAMPLES = {"build-optimization", "review-all", "codegen", "gadugi-v03"};
    private static final Pattern NUMBER = Pattern.compile("(?<![\\w:#./-])\\d+(\\.\\d+)?(?![\\w])");
    private static final Pattern PREFIX_IRI = Pattern.compile("@prefix\\s+\\w*:\\s*<([^>]*)>");
    private static final Pattern LOCAL_NAME = Pattern.compile("(?<![\\w<\"])(:[A-Za-z][\\w-]*)");
    private static final String[] TOKENS = {
        "[", "]", "(", ")", "\"", "\"\"\"", "<", ">", ".", ";", ",", "a", "sg:", "sg:ndsOn", "sg:Task", "-",
        "^^xsd:duration", "\"-PT6M\"^^xsd:duration", "\"P1Y\"^^xsd:duration", "\"PT0S\"^^xsd:duration", "0", "-1",
        "99999999999999999999", "1e400", "\\u00", "\\", "@prefix", "@base <http://x/..> .", " a sg:Task ; ",
        " sg:dependsOn ", " sg:retries 2147483648 ", "_:b", "[ sg:x [ sg:x [ ] ] ]", "( ( ( ) ) )", "😀", "\u0000",
        "#", "\n", "\"\"", "<http://x/.>", "<http://x/..>", " sg:command \"rm -rf /\" ", " sg:ask \"ASK { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }\" ",
    };

    @TempDir
    static Path work;

    private static final ExecutorService CLI = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "fuzzed-cli");
        t.setDaemon(true); // a hung command must not keep the test JVM alive
        return t;
    });

    @AfterAll
    static void stop() {
        CLI.shutdownNow();
    }

    @Test
    void everyMutantEndsInADocumentedOutcome() throws Exception {
        Random random = new Random(SEED);
        int[] exits = new int[4];
        for (int i = 0; i < MUTANTS; i++) {
            String example = EXAMPLES[random.nextInt(EXAMPLES.length)];
            Path folder = Files.createDirectories(work.resolve("mutant-" + i));
            List<Path> files = copy(REPO.resolve("specs").resolve(example), folder);
            Path victim = files.get(random.nextInt(files.size()));
            byte[] mutated = mutate(Files.readString(victim), random);
            Files.write(victim, mutated);

            int validate = check(i, folder, victim, "validate", folder.toString());
            exits[validate]++;
            if (validate != Main.BAD_INPUT) {
                check(i, folder, victim, "plan", folder.toString(), "--allow-unclosed", "--format", "json");
                check(i, folder, victim, "run", folder.toString(), "--allow-unclosed", "--simulate", "--time-scale", "virtual",
                        "--progress", "none", "--workers", "3");
            }
            deleteRecursively(folder);
        }
        // the mutations must reach every outcome, or the fuzzer is not exercising what it claims to
        assertThat(exits[Main.OK] + exits[Main.NOT_CLOSED]).as("mutants that loaded").isPositive();
        assertThat(exits[Main.NOT_CLOSED]).as("mutants that were not closed").isPositive();
        assertThat(exits[Main.BAD_INPUT]).as("mutants refused as bad input").isPositive();
    }

    /** Runs one command on the mutant and checks its outcome; returns its exit code. */
    private static int check(int index, Path folder, Path victim, String... args) throws Exception {
        Future<Run> future = CLI.submit(() -> Run.of(args));
        Run run;
        try {
            run = future.get(HANG_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw keep(index, folder, args, "did not finish within " + HANG_SECONDS + " s (a hang)");
        } catch (ExecutionException e) {
            throw keep(index, folder, args, "threw " + e.getCause());
        }
        String what = String.join(" ", args[0]) + " of mutant " + index + " (kept under cli/target/fuzz-failures)";
        boolean ok = run.code() >= 0 && run.code() <= Main.BAD_INPUT
                && !run.err().contains("internal error")
                && run.err().lines().noneMatch(l -> l.startsWith("\tat ") || l.startsWith("Caused by:"))
                && (run.code() != Main.BAD_INPUT || run.err().contains(victim.getFileName().toString())
                        || run.err().contains(folder.getFileName().toString()));
        if (!ok) {
            throw keep(index, folder, args, what + " exited " + run.code() + "\nstdout:\n" + cut(run.out()) + "\nstderr:\n" + cut(run.err()));
        }
        return run.code();
    }

    private static AssertionError keep(int index, Path folder, String[] args, String why) throws IOException {
        Path kept = Files.createDirectories(Path.of("target", "fuzz-failures", "seed-" + SEED + "-mutant-" + index));
        for (Path file : listFiles(folder)) {
            Files.copy(file, kept.resolve(file.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Files.writeString(kept.resolve("ARGS"), String.join(" ", args) + "\n");
        return new AssertionError(why + "\nkept in " + kept.toAbsolutePath());
    }

    /** One to three mutations of the text; some produce bytes that are not UTF-8 at all. */
    static byte[] mutate(String text, Random random) {
        int rounds = 1 + random.nextInt(3);
        boolean invalidUtf8 = false;
        for (int r = 0; r < rounds; r++) {
            int at = text.isEmpty() ? 0 : random.nextInt(text.length());
            switch (random.nextInt(11)) {
                case 0 -> text = text.substring(0, at) + text.substring(Math.min(text.length(), at + 1 + random.nextInt(40)));
                case 1 -> text = text.substring(0, at) + TOKENS[random.nextInt(TOKENS.length)] + text.substring(at);
                case 2 -> text = editLine(text, random, Op.DELETE);
                case 3 -> text = editLine(text, random, Op.DUPLICATE);
                case 4 -> text = editLine(text, random, Op.SWAP);
                case 5 -> text = replaceOne(text, NUMBER, random, new String[] {"-1", "0", "1e400", "-PT6M", "99999999999999999999", "0.0000001"});
                case 6 -> text = typoInPrefix(text, random);
                case 7 -> text = swapLocalNames(text, random);
                case 8 -> text = text.substring(0, at); // truncated, as by a crash or a full disk
                case 9 -> {
                    int depth = 100 + random.nextInt(3000);
                    String nest = random.nextBoolean() ? "[ sg:x ".repeat(depth) + "]".repeat(depth) : "( ".repeat(depth) + ")".repeat(depth);
                    text = text + "\n:deep sg:x " + nest + " .\n";
                }
                default -> invalidUtf8 = true;
            }
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (!invalidUtf8 || bytes.length == 0) {
            return bytes;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = random.nextInt(bytes.length);
        out.write(bytes, 0, at);
        out.write(new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF}, 0, 3);
        out.write(bytes, at, bytes.length - at);
        return out.toByteArray();
    }

    private enum Op { DELETE, DUPLICATE, SWAP }

    private static String editLine(String text, Random random, Op op) {
        List<String> lines = new ArrayList<>(text.lines().toList());
        if (lines.size() < 2) {
            return text;
        }
        int i = random.nextInt(lines.size());
        switch (op) {
            case DELETE -> lines.remove(i);
            case DUPLICATE -> lines.add(i, lines.get(i));
            case SWAP -> java.util.Collections.swap(lines, i, random.nextInt(lines.size()));
        }
        return String.join("\n", lines) + "\n";
    }

    private static String replaceOne(String text, Pattern pattern, Random random, String[] replacements) {
        List<int[]> spans = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            spans.add(new int[] {m.start(), m.end()});
        }
        if (spans.isEmpty()) {
            return text;
        }
        int[] span = spans.get(random.nextInt(spans.size()));
        return text.substring(0, span[0]) + replacements[random.nextInt(replacements.length)] + text.substring(span[1]);
    }

    /** One character of one namespace IRI changed, as a typo would: the file's terms move to another namespace. */
    private static String typoInPrefix(String text, Random random) {
        List<int[]> spans = new ArrayList<>();
        Matcher m = PREFIX_IRI.matcher(text);
        while (m.find()) {
            spans.add(new int[] {m.start(1), m.end(1)});
        }
        if (spans.isEmpty()) {
            return text;
        }
        int[] span = spans.get(random.nextInt(spans.size()));
        if (span[1] - span[0] < 2) {
            return text;
        }
        int at = span[0] + 1 + random.nextInt(span[1] - span[0] - 1);
        char typo = (char) ('a' + random.nextInt(26));
        return text.substring(0, at) + typo + text.substring(at + 1);
    }

    /** Every occurrence of one local name replaced by another: dangling references, cycles, duplicates. */
    private static String swapLocalNames(String text, Random random) {
        List<String> names = LOCAL_NAME.matcher(text).results().map(r -> r.group(1)).distinct().toList();
        if (names.size() < 2) {
            return text;
        }
        String from = names.get(random.nextInt(names.size()));
        String to = names.get(random.nextInt(names.size()));
        return text.replaceAll(Pattern.quote(from) + "(?![\\w-])", Matcher.quoteReplacement(to));
    }

    private static List<Path> copy(Path from, Path to) throws IOException {
        List<Path> copied = new ArrayList<>();
        for (Path file : listFiles(from)) {
            copied.add(Files.copy(file, to.resolve(file.getFileName())));
        }
        return copied;
    }

    private static List<Path> listFiles(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static void deleteRecursively(Path folder) throws IOException {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static String cut(String text) {
        return text.length() > 4000 ? text.substring(0, 2000) + "\n…\n" + text.substring(text.length() - 2000) : text;
    }
}
