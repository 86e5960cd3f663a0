// Command buildkit-oracle prints what BuildKit makes of every FROM line of a corpus of Dockerfiles:
// the base image it would pull (or the stage, scratch, or the error it stops with), per target
// platform and per set of build arguments. container-gate's differential test compares its own
// reading of the same files with this output, line by line.
//
// Each reading comes from BuildKit's own code, twice over:
//
//   - dockerfile2llb.Dockerfile2LLB, the function the Dockerfile frontend runs, converts the file
//     with a MetaResolver that records every image it is asked to resolve (nothing is pulled);
//   - the same steps replayed with BuildKit's exported parser, instructions and shell lexer, which
//     attribute each image to its FROM line (Dockerfile2LLB resolves stages concurrently and does
//     not say which line asked for which image).
//
// The two must agree (the same images, errors on the same lines) or the oracle fails: the
// replay is checked against the real conversion on every file, not trusted.
//
// Usage:
//
//	buildkit-oracle -root __fixtures__/dockerfiles [-out FILE]
//	buildkit-oracle -words __fixtures__/dockerfiles/words.json [-out FILE]
//
// The root holds corpus/ and edge/ (the Dockerfiles) and variants.json (the platforms and build
// arguments each file is read with).
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"log"
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"
)

// runSpec is one way of building a file: docker buildx build --platform P --build-arg K=V ...
type runSpec struct {
	Platform      string            `json:"platform"`
	BuildPlatform string            `json:"buildPlatform,omitempty"`
	BuildArgs     map[string]string `json:"buildArgs,omitempty"`
}

// variants lists the runs: every file gets the default runs, and the files named in Files get
// theirs in addition.
type variants struct {
	Default []runSpec            `json:"default"`
	Files   map[string][]runSpec `json:"files"`
}

// fromLine is BuildKit's reading of one image source: a FROM instruction, a COPY --from or a
// RUN --mount=from=.
type fromLine struct {
	Instruction string `json:"instruction"`
	Line        int    `json:"line"`
	EndLine     int    `json:"endLine"`
	Raw         string `json:"raw"`
	// Value is the name after ARG expansion; absent when the expansion itself failed.
	Value *string `json:"value,omitempty"`
	// Unmatched are the variables the name refers to that have no value (expanded as empty).
	Unmatched []string `json:"unmatched,omitempty"`
	// Kind: image, stage, scratch or error.
	Kind     string `json:"kind"`
	Image    string `json:"image,omitempty"`
	Platform string `json:"platform,omitempty"`
	Error    string `json:"error,omitempty"`
}

type result struct {
	File          string            `json:"file"`
	Platform      string            `json:"platform"`
	BuildPlatform string            `json:"buildPlatform"`
	BuildArgs     map[string]string `json:"buildArgs,omitempty"`
	// Error is BuildKit's own error for the whole conversion, when it refused the file.
	Error     string     `json:"error,omitempty"`
	ErrorLine int        `json:"errorLine,omitempty"`
	Froms     []fromLine `json:"froms"`
}

type output struct {
	BuildKit string   `json:"buildkit"`
	Results  []result `json:"results"`
}

const defaultBuildPlatform = "linux/amd64"

func main() {
	root := flag.String("root", "", "folder with corpus/, edge/ and variants.json")
	words := flag.String("words", "", "instead: expand the words listed in this JSON file with BuildKit's lexer")
	out := flag.String("out", "", "write the JSON here instead of standard output")
	flag.Parse()
	var data []byte
	var err error
	switch {
	case *words != "":
		var results []wordResult
		if results, err = runWords(*words); err == nil {
			data, err = jsonLines(map[string]any{"buildkit": buildkitVersion()}, "words", results)
		}
	case *root != "":
		var o *output
		if o, err = run(*root); err == nil {
			data, err = jsonLines(map[string]any{"buildkit": o.BuildKit}, "results", o.Results)
		}
	default:
		flag.Usage()
		os.Exit(2)
	}
	if err != nil {
		log.Fatal(err)
	}
	if *out == "" {
		_, err = os.Stdout.Write(data)
	} else {
		err = os.WriteFile(*out, data, 0o644)
	}
	if err != nil {
		log.Fatal(err)
	}
}

func run(root string) (*output, error) {
	var v variants
	raw, err := os.ReadFile(filepath.Join(root, "variants.json"))
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil, fmt.Errorf("variants.json: %w", err)
	}
	files, err := dockerfiles(root)
	if err != nil {
		return nil, err
	}
	for name := range v.Files {
		if !contains(files, name) {
			return nil, fmt.Errorf("variants.json names %s, which is not in the corpus", name)
		}
	}
	o := &output{BuildKit: buildkitVersion()}
	for _, file := range files {
		dt, err := os.ReadFile(filepath.Join(root, file))
		if err != nil {
			return nil, err
		}
		for _, spec := range append(append([]runSpec{}, v.Default...), v.Files[file]...) {
			r, err := readFile(dt, spec)
			if err != nil {
				return nil, fmt.Errorf("%s (%s): %w", file, spec.Platform, err)
			}
			r.File = file
			o.Results = append(o.Results, *r)
		}
	}
	return o, nil
}

// dockerfiles lists the corpus: every file under corpus/ and edge/ except the SOURCES notes.
func dockerfiles(root string) ([]string, error) {
	var files []string
	for _, dir := range []string{"corpus", "edge"} {
		err := filepath.WalkDir(filepath.Join(root, dir), func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || strings.HasPrefix(d.Name(), "SOURCES") {
				return err
			}
			rel, err := filepath.Rel(root, path)
			files = append(files, filepath.ToSlash(rel))
			return err
		})
		if err != nil {
			return nil, err
		}
	}
	sort.Strings(files)
	return files, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// jsonLines writes {"buildkit": ..., "<key>": [ ...one item per line... ]}: small diffs when the
// recorded output changes, and still one JSON document.
func jsonLines[T any](head map[string]any, key string, items []T) ([]byte, error) {
	var b strings.Builder
	h, err := json.Marshal(head)
	if err != nil {
		return nil, err
	}
	b.Write(h[:len(h)-1])
	fmt.Fprintf(&b, ",%q:[\n", key)
	for i, item := range items {
		line, err := json.Marshal(item)
		if err != nil {
			return nil, err
		}
		b.Write(line)
		if i < len(items)-1 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	b.WriteString("]}\n")
	return []byte(b.String()), nil
}

// buildkitVersion is the BuildKit module this binary was built with (go.mod pins it).
func buildkitVersion() string {
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, dep := range info.Deps {
			if dep.Path == "github.com/moby/buildkit" {
				return dep.Version
			}
		}
	}
	return "unknown"
}
