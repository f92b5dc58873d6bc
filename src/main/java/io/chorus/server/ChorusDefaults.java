package io.chorus.server;

import picocli.CommandLine;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Where option values come from when not given as flags: the environment ({@code --max-frame-bytes} reads
 * {@code CHORUS_MAX_FRAME_BYTES}), then the config file ({@code --config} or {@code CHORUS_CONFIG}, a properties
 * file with keys such as {@code max-frame-bytes=65536}), then the built-in default.
 */
final class ChorusDefaults implements CommandLine.IDefaultValueProvider {
    private final Map<String, String> env;
    private final Properties file;

    private ChorusDefaults(Map<String, String> env, Properties file) {
        this.env = env;
        this.file = file;
    }

    /** @throws IllegalArgumentException when the named config file cannot be read */
    static ChorusDefaults from(String[] args, Map<String, String> env) {
        String path = env.get("CHORUS_CONFIG");
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) path = args[i + 1];
            else if (args[i].startsWith("--config=")) path = args[i].substring("--config=".length());
        }
        Properties props = new Properties();
        if (path != null) {
            try (Reader r = Files.newBufferedReader(Path.of(path))) {
                props.load(r);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read the config file " + path + ": " + e.getMessage());
            }
        }
        return new ChorusDefaults(env, props);
    }

    @Override
    public String defaultValue(CommandLine.Model.ArgSpec arg) {
        if (!(arg instanceof CommandLine.Model.OptionSpec option)) return null;
        String name = option.longestName().replaceFirst("^--", "");
        String fromEnv = env.get("CHORUS_" + name.toUpperCase(Locale.ROOT).replace('-', '_'));
        if (fromEnv != null) return fromEnv;
        return file.getProperty(name);
    }
}
