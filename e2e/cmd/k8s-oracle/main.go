// Command k8s-oracle prints what Kubernetes itself makes of manifest files, for the differential
// tests of container-gate's manifest reader (__tests__/k8s/oracle.test.ts).
//
// Each file is read the way `kubectl apply -f FILE` reads it, with kubectl's own code
// (k8s.io/cli-runtime's resource builder: UTF-16/BOM handling, the YAML-or-JSON stream decoder, the
// document separator rules, sigs.k8s.io/yaml's YAML 1.1 conversion, kubectl's duplicate-key schema
// check, list flattening), without a cluster. Every object is then decoded as the API server decodes
// the JSON kubectl sends: client-go's scheme, non-strict and strict. For workloads, each container's
// group, name, image, privileged, readOnlyRootFilesystem and CPU/memory limits (as canonical
// quantities and exact decimals) are printed. Separately, each document is converted with
// sigs.k8s.io/yaml's strict YAML-to-JSON, which refuses duplicate keys.
//
// Usage:
//
//	k8s-oracle -root DIR [FILE...]   JSON on stdout; FILE paths are relative to DIR (default: every
//	                                 .yaml/.yml/.json file under DIR)
package main

import (
	"encoding/json"
	"flag"
	"io/fs"
	"log"
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"
)

// report is the whole output; versions say which Kubernetes libraries gave the answers.
type report struct {
	Oracle   string            `json:"oracle"`
	Versions map[string]string `json:"versions"`
	Files    []fileReading     `json:"files"`
}

// modules whose versions decide the readings.
var modules = []string{
	"k8s.io/api",
	"k8s.io/apimachinery",
	"k8s.io/cli-runtime",
	"k8s.io/client-go",
	"k8s.io/kubectl",
	"sigs.k8s.io/json",
	"sigs.k8s.io/yaml",
	"go.yaml.in/yaml/v2",
}

func versions() map[string]string {
	out := map[string]string{}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return out
	}
	for _, dep := range info.Deps {
		for _, m := range modules {
			if dep.Path == m {
				out[m] = dep.Version
				if dep.Replace != nil {
					out[m] = dep.Replace.Version
				}
			}
		}
	}
	return out
}

func main() {
	root := flag.String("root", "", "folder the file paths are relative to")
	flag.Parse()
	if *root == "" {
		flag.Usage()
		os.Exit(2)
	}
	files := flag.Args()
	if len(files) == 0 {
		var err error
		if files, err = manifestFiles(*root); err != nil {
			log.Fatal(err)
		}
	}
	out := report{Oracle: "k8s-oracle", Versions: versions()}
	for _, f := range files {
		out.Files = append(out.Files, readFile(*root, f))
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		log.Fatal(err)
	}
}

// manifestFiles lists the YAML and JSON files under root, sorted, as slash-separated paths.
func manifestFiles(root string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		ext := strings.ToLower(filepath.Ext(path))
		if ext == ".yaml" || ext == ".yml" || ext == ".json" {
			rel, err := filepath.Rel(root, path)
			if err != nil {
				return err
			}
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	})
	sort.Strings(files)
	return files, err
}
