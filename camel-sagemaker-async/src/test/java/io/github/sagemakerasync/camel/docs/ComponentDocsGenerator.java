package io.github.sagemakerasync.camel.docs;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;

/**
 * Renders the option and header tables of the component's .adoc page from the catalog JSON that
 * camel-component-maven-plugin generates from the code, between {@code // <section>: START} and
 * {@code // <section>: END} markers. The build runs it, so every option and header is documented once, in its
 * Javadoc or {@code @Metadata}; a changed page in {@code git status} after a build means the committed page was stale.
 *
 * <p>Arguments: the catalog JSON, the .adoc page.
 */
public final class ComponentDocsGenerator {

    private ComponentDocsGenerator() {
    }

    public static void main(String[] args) throws Exception {
        Path json = Path.of(args[0]);
        Path adoc = Path.of(args[1]);
        JsonObject catalog = (JsonObject) Jsoner.deserialize(Files.readString(json, StandardCharsets.UTF_8));
        String page = Files.readString(adoc, StandardCharsets.UTF_8);
        String updated = page;
        updated = replaceSection(updated, "component options", options(catalog.getMap("componentProperties")));
        updated = replaceSection(updated, "endpoint options", options(catalog.getMap("properties")));
        updated = replaceSection(updated, "message headers", headers(catalog.getMap("headers")));
        if (!updated.equals(page)) {
            Files.writeString(adoc, updated, StandardCharsets.UTF_8);
            System.out.println("Updated " + adoc);
        }
    }

    static String replaceSection(String page, String section, String content) {
        String start = "// " + section + ": START\n";
        String end = "// " + section + ": END";
        int from = page.indexOf(start);
        int to = page.indexOf(end);
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("The page has no '" + start.trim() + "' ... '" + end + "' section");
        }
        return page.substring(0, from + start.length()) + content + page.substring(to);
    }

    @SuppressWarnings("unchecked")
    static String options(Map<String, Object> options) {
        StringBuilder table = new StringBuilder();
        table.append("[width=\"100%\",cols=\"2,5,^1,2\",options=\"header\"]\n|===\n| Name | Description | Default | Type\n");
        options.forEach((name, value) -> {
            Map<String, Object> option = (Map<String, Object>) value;
            StringBuilder description = new StringBuilder(text(option.get("description")));
            if (option.get("enum") instanceof List<?> values) {
                description.append(" One of: ").append(String.join(", ", values.stream().map(Object::toString).toList())).append('.');
            }
            if (Boolean.TRUE.equals(option.get("required"))) {
                description.append(" Required.");
            }
            if (Boolean.TRUE.equals(option.get("secret"))) {
                description.append(" Secret: masked in logs.");
            }
            if (Boolean.TRUE.equals(option.get("autowired"))) {
                description.append(" Autowired from the registry.");
            }
            table.append("| *").append(name).append("* (").append(text(option.get("group"))).append(") | ")
                    .append(escape(description.toString())).append(" | ").append(escape(text(option.get("defaultValue"))))
                    .append(" | ").append(escape(simpleType(text(option.get("javaType"))))).append('\n');
        });
        return table.append("|===\n").toString();
    }

    @SuppressWarnings("unchecked")
    static String headers(Map<String, Object> headers) {
        StringBuilder table = new StringBuilder();
        table.append("[width=\"100%\",cols=\"3,5,1\",options=\"header\"]\n|===\n| Name | Description | Type\n");
        headers.forEach((name, value) -> {
            Map<String, Object> header = (Map<String, Object>) value;
            table.append("| *").append(name).append("* (").append(text(header.get("group"))).append(") | ")
                    .append(escape(text(header.get("description")))).append(" | ")
                    .append(escape(simpleType(text(header.get("javaType"))))).append('\n');
        });
        return table.append("|===\n").toString();
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }

    private static String simpleType(String javaType) {
        int generic = javaType.indexOf('<');
        String raw = generic < 0 ? javaType : javaType.substring(0, generic);
        return raw.substring(raw.lastIndexOf('.') + 1) + (generic < 0 ? "" : javaType.substring(generic));
    }

    private static String escape(String cell) {
        return cell.replace("|", "\\|");
    }
}
