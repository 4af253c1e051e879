package dev.isopool.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** Settings that apply only with `engine: node`. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class NodeSpec {

    public static final int DEFAULT_UV_THREADPOOL_SIZE = 4;

    @JsonPropertyDescription("Size of libuv's thread pool (`UV_THREADPOOL_SIZE`). Defaults to 4, as in Node.js.")
    @Min(1)
    @Max(1024)
    private Integer uvThreadpoolSize;

    @JsonPropertyDescription("Extra Node.js options, space separated, appended to `NODE_OPTIONS`. Only allowlisted "
            + "options and V8 flags are accepted; anything else, or any value here with `engine: "
            + "v8`, marks the pool Degraded (InvalidSpec).")
    private String options;

    public Integer getUvThreadpoolSize() {
        return uvThreadpoolSize;
    }

    public void setUvThreadpoolSize(Integer uvThreadpoolSize) {
        this.uvThreadpoolSize = uvThreadpoolSize;
    }

    public String getOptions() {
        return options;
    }

    public void setOptions(String options) {
        this.options = options;
    }
}
