package io.aiges.plugin.c;

import io.aiges.api.WrapperException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code aiges create -n NAME --lang c}: a C engine project that builds with {@code make} and
 * serves as it is: {@code wrapper.c} (the echo example), a {@code Makefile}, a copy of our
 * headers in {@code include/aiges/} (so the project builds without aiges's sources),
 * {@code aiges.toml} serving it as service NAME, and a README. The source includes the headers
 * flat ({@code #include "wrapper.h"}, built with {@code -I include/aiges}), as the original's
 * engine sources do, so code copied from them fits in.
 */
public final class CProjectScaffold {
    private static final String TEMPLATES = "project/";
    /** The original's WrapperLoadErr, as for the Python scaffold's failures. */
    private static final int FAILED = 10903;

    private CProjectScaffold() {
    }

    /**
     * Writes project {@code name} into {@code parent/name}, which must not exist.
     *
     * @return where the project is and how to build and serve it
     */
    public static String create(String name, Path parent) throws WrapperException {
        Path project = parent.resolve(name);
        Map<String, String> files = new LinkedHashMap<>();
        files.put("wrapper.c", flatInclude(template("echo.c")).replace("-s svcName", "-s " + name));
        files.put("Makefile", template("Makefile.template"));
        files.put("aiges.toml", template("aiges.toml.template").replace("{{name}}", name));
        files.put("README.md", template("README.md.template").replace("{{name}}", name));
        files.put("include/aiges/wrapper.h", template("include/aiges/wrapper.h"));
        files.put("include/aiges/type.h", template("include/aiges/type.h"));
        try {
            Files.createDirectories(parent);
            Files.createDirectory(project);
            for (Map.Entry<String, String> file : files.entrySet()) {
                Path target = project.resolve(file.getKey());
                Files.createDirectories(target.getParent());
                Files.writeString(target, file.getValue(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new WrapperException(FAILED, "cannot write project " + project + ": " + e);
        }
        return "created C engine project " + project + "; build it with: cd " + project
                + " && make; serve it with: aiges -m 0 -c aiges.toml -s " + name;
    }

    /** The echo example as the project's source: it includes {@code aiges/wrapper.h}, the project {@code wrapper.h}. */
    private static String flatInclude(String example) throws WrapperException {
        String nested = "#include \"aiges/wrapper.h\"";
        if (!example.contains(nested)) {
            throw new WrapperException(FAILED, "project template echo.c no longer includes " + nested);
        }
        return example.replace(nested, "#include \"wrapper.h\"")
                .replace("against aiges's include/", "against include/aiges/");
    }

    private static String template(String name) throws WrapperException {
        try (InputStream in = CProjectScaffold.class.getResourceAsStream(TEMPLATES + name)) {
            if (in == null) {
                throw new WrapperException(FAILED, "project template " + name + " is missing from aiges's jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new WrapperException(FAILED, "cannot read project template " + name + ": " + e.getMessage());
        }
    }
}
