package io.github.sagemakerasync.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** The map of package-info.java names every class of the package: a class added without its place fails here. */
class PackageMapTest {

    @Test
    void theMapNamesEveryClass() throws Exception {
        Path sources = Path.of("src/main/java/io/github/sagemakerasync/emulator");
        String map = Files.readString(sources.resolve("package-info.java"));
        try (Stream<Path> files = Files.list(sources)) {
            assertThat(files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(".java") && !name.equals("package-info.java"))
                    .map(name -> name.substring(0, name.length() - ".java".length())))
                    .isNotEmpty()
                    .allSatisfy(type -> assertThat(map).as("package-info.java's map").containsPattern("\\b" + type + "\\b"));
        }
    }
}
