// Command etcd is etcd's own server (go.etcd.io/etcd/server/v3 at the version go.mod pins).
// It is a module of its own because k8s.io/kubernetes requires a newer etcd (3.7) and one
// module would lift this one to it.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
