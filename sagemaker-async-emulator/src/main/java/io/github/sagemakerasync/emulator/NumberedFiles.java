package io.github.sagemakerasync.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Records kept one file each in a directory, numbered in the order they were added, so that what the emulator keeps
 * outlives its process: each is written to a temporary name and moved into place, so a kill leaves it whole or absent.
 * Files are not forced to disk: a process kill loses nothing, a power loss may lose the last ones.
 */
final class NumberedFiles {

    private static final String SUFFIX = ".json";

    /** A record's number and content. */
    record Numbered(long number, byte[] content) {
    }

    private final Path directory;
    private final AtomicLong next;

    NumberedFiles(Path directory) {
        this.directory = directory;
        try {
            Files.createDirectories(directory);
            next = new AtomicLong(numbers().stream().max(Long::compare).orElse(-1L) + 1);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot keep records in " + directory, e);
        }
    }

    /** Adds a record; returns its number. */
    long add(byte[] content) {
        long number = next.getAndIncrement();
        Path temporary = directory.resolve(number + SUFFIX + ".tmp");
        try {
            Files.write(temporary, content);
            Files.move(temporary, directory.resolve(number + SUFFIX), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write a record in " + directory, e);
        }
        return number;
    }

    void remove(long number) {
        try {
            Files.deleteIfExists(directory.resolve(number + SUFFIX));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot remove record " + number + " from " + directory, e);
        }
    }

    /** Every record, oldest first. */
    List<Numbered> all() {
        List<Numbered> all = new ArrayList<>();
        try {
            for (long number : numbers().stream().sorted(Comparator.naturalOrder()).toList()) {
                all.add(new Numbered(number, Files.readAllBytes(directory.resolve(number + SUFFIX))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the records in " + directory, e);
        }
        return all;
    }

    private List<Long> numbers() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(SUFFIX))
                    .map(name -> name.substring(0, name.length() - SUFFIX.length()))
                    .filter(name -> !name.isEmpty() && name.chars().allMatch(Character::isDigit))
                    .map(Long::parseLong).toList();
        }
    }
}
