package dev.isopool.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** What `spec.v8.autoTune` changed, once: the profile the pool was switched to, when, and why. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AutoTuneStatus {

    @JsonPropertyDescription("The V8 profile the operator switched the pool to (`predictable`). It overrides "
            + "`spec.v8.profile` while `spec.v8.autoTune` is true.")
    private V8Profile profile;

    @JsonPropertyDescription("When the switch was made (RFC 3339).")
    private String appliedAt;

    @JsonPropertyDescription("What the operator saw that made it switch.")
    private String reason;

    public V8Profile getProfile() {
        return profile;
    }

    public void setProfile(V8Profile profile) {
        this.profile = profile;
    }

    public String getAppliedAt() {
        return appliedAt;
    }

    public void setAppliedAt(String appliedAt) {
        this.appliedAt = appliedAt;
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AutoTuneStatus other && Objects.equals(profile, other.profile)
                && Objects.equals(appliedAt, other.appliedAt) && Objects.equals(reason, other.reason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(profile, appliedAt, reason);
    }
}
