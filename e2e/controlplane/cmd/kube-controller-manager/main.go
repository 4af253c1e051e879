// Command kube-controller-manager is Kubernetes' own controller manager (Deployments, ReplicaSets,
// garbage collection, namespaces, service-account tokens), built from k8s.io/kubernetes.
package main

import (
	"os"

	"k8s.io/component-base/cli"
	"k8s.io/kubernetes/cmd/kube-controller-manager/app"
)

func main() {
	os.Exit(cli.Run(app.NewControllerManagerCommand()))
}
