package dev.isopool.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** A replica count (or change) at a time: an entry of the autoscaler's remembered history. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TimedReplicas {

    @JsonPropertyDescription("When (RFC 3339).")
    private String time;

    @JsonPropertyDescription("A recommended replica count, or a change of it (negative: pods removed).")
    private Integer replicas;

    public TimedReplicas() {
    }

    public TimedReplicas(String time, Integer replicas) {
        this.time = time;
        this.replicas = replicas;
    }

    public String getTime() {
        return time;
    }

    public void setTime(String time) {
        this.time = time;
    }

    public Integer getReplicas() {
        return replicas;
    }

    public void setReplicas(Integer replicas) {
        this.replicas = replicas;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TimedReplicas other && Objects.equals(time, other.time)
                && Objects.equals(replicas, other.replicas);
    }

    @Override
    public int hashCode() {
        return Objects.hash(time, replicas);
    }
}
