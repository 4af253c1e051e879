package dev.isopool.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import java.util.List;

/** Who may reach the runtime pods. Egress from the pods is always denied. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class NetworkSpec {

    @JsonPropertyDescription("NetworkPolicy peers allowed to call the runtime port (8080). Empty or absent: any "
            + "pod in the pool's own namespace.")
    private List<NetworkPolicyPeer> ingressFrom;

    public List<NetworkPolicyPeer> getIngressFrom() {
        return ingressFrom;
    }

    public void setIngressFrom(List<NetworkPolicyPeer> ingressFrom) {
        this.ingressFrom = ingressFrom;
    }
}
