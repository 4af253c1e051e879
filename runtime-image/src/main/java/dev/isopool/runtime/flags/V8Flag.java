package dev.isopool.runtime.flags;

/** One validated V8 flag: a name in V8's dash form, and a value for non-boolean flags. */
public record V8Flag(String name, boolean enabled, String value) {

    /** The flag as V8 reads it on its command line. */
    public String render() {
        if (value != null) {
            return "--" + name + "=" + value;
        }
        return enabled ? "--" + name : "--no-" + name;
    }
}
