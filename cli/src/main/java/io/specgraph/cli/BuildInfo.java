package io.specgraph.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * What this build of the command line is: its version and the commit it was built from, as the build wrote them
 * into {@code build.properties} (Maven resource filtering; the commit from git at build time). A value the build
 * did not know stays in its {@code ${...}} form there and reads as unknown: a source tree without {@code .git}
 * builds a jar that says "unknown commit" rather than a wrong one.
 */
record BuildInfo(String version, String commit, boolean dirty) {
    /** The resource the build fills in, beside this class. */
    static final String RESOURCE = "build.properties";

    /** This build's information; version and commit are {@code null} when unknown. */
    static BuildInfo current() {
        Properties properties = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + RESOURCE + " from the specgraph jar: " + e.getMessage(), e);
        }
        return of(properties);
    }

    /** Reads the properties as the build wrote them. */
    static BuildInfo of(Properties properties) {
        return new BuildInfo(known(properties.getProperty("version")), known(properties.getProperty("commit")),
                "true".equals(known(properties.getProperty("dirty"))));
    }

    /** One line: {@code specgraph 0.1.0 (commit 935d78de55de)}, with uncommitted changes or an unknown commit said so. */
    String describe() {
        String commitPart = commit == null ? "unknown commit"
                : "commit " + commit + (dirty ? " with uncommitted changes" : "");
        return "specgraph " + (version == null ? "(unknown version)" : version) + " (" + commitPart + ")";
    }

    private static String known(String value) {
        return value == null || value.isBlank() || value.contains("${") ? null : value.strip();
    }
}
