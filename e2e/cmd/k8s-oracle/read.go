package main

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/cli-runtime/pkg/resource"
	"k8s.io/kubectl/pkg/validation"
	sigsyaml "sigs.k8s.io/yaml"
)

// fileReading is what kubectl reads from one file.
type fileReading struct {
	Path string `json:"path"`
	// Objects kubectl would send, in its order (lists flattened).
	Objects []object `json:"objects"`
	// Errors kubectl reports for the file (a document it cannot parse stops the file there).
	Errors []string `json:"errors,omitempty"`
	// Documents (as kubectl splits the file) that strict or non-strict YAML decoding refuses.
	Documents []document `json:"documents,omitempty"`
}

// document is one chunk between kubectl's `---` separators.
type document struct {
	// Line of the chunk's first line in the file.
	Line int `json:"line"`
	// sigs.k8s.io/yaml's YAMLToJSONStrict error (duplicate keys), when it differs from the
	// non-strict conversion's outcome.
	StrictError string `json:"strictError,omitempty"`
	// YAMLToJSON's error, when the chunk is not YAML kubectl can convert.
	Error string `json:"error,omitempty"`
}

// readFile reads one file with kubectl's resource builder, then decodes each object.
func readFile(root, rel string) fileReading {
	out := fileReading{Path: rel, Objects: []object{}}
	path := filepath.Join(root, filepath.FromSlash(rel))
	result := resource.NewLocalBuilder().
		Unstructured().
		// What `kubectl apply --validate=strict` checks on the client; the OpenAPI part needs a server.
		Schema(validation.NoDoubleKeySchema{}).
		ContinueOnError().
		FilenameParam(false, &resource.FilenameOptions{Filenames: []string{path}}).
		Flatten().
		Do()
	err := result.Visit(func(info *resource.Info, err error) error {
		if err != nil {
			out.Errors = append(out.Errors, relativeError(err, root))
			return nil
		}
		if u, ok := info.Object.(*unstructured.Unstructured); ok {
			out.Objects = append(out.Objects, decodeObject(u))
		}
		return nil
	})
	if err != nil {
		out.Errors = append(out.Errors, relativeError(err, root))
	}
	out.Documents = documents(path)
	return out
}

// relativeError strips the corpus root from an error so recorded output does not depend on it.
func relativeError(err error, root string) string {
	abs, _ := filepath.Abs(root)
	msg := strings.ReplaceAll(err.Error(), abs+string(filepath.Separator), "")
	return strings.ReplaceAll(msg, root+string(filepath.Separator), "")
}

// documents splits the file as kubectl's YAML reader does (k8s.io/apimachinery/pkg/util/yaml: a
// line starting with `---` followed by nothing but spaces or a comment ends a document; CRLF read as
// LF) and converts each chunk with sigs.k8s.io/yaml, strictly and not. JSON streams are left out:
// kubectl does not read them as YAML.
func documents(path string) []document {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	// kubectl's file visitor: a UTF-16 file with a byte-order mark is read as UTF-8, a UTF-8 BOM dropped.
	text, _, err := transform.Bytes(unicode.BOMOverride(unicode.UTF8.NewDecoder()), raw)
	if err != nil || bytes.HasPrefix(bytes.TrimLeft(text, " \t\r\n"), []byte("{")) {
		return nil
	}
	var docs []document
	var chunk bytes.Buffer
	start, line := 1, 0
	flush := func(next int) {
		if chunk.Len() > 0 {
			d := document{Line: start}
			_, errLax := sigsyaml.YAMLToJSON(chunk.Bytes())
			_, errStrict := sigsyaml.YAMLToJSONStrict(chunk.Bytes())
			if errLax != nil {
				d.Error = errLax.Error()
			} else if errStrict != nil {
				d.StrictError = errStrict.Error()
			}
			if d.Error != "" || d.StrictError != "" {
				docs = append(docs, d)
			}
		}
		chunk.Reset()
		start = next
	}
	scanner := bufio.NewScanner(bytes.NewReader(text))
	scanner.Buffer(make([]byte, 0, 64*1024), len(text)+1)
	for scanner.Scan() {
		line++
		l := strings.TrimSuffix(scanner.Text(), "\r")
		if strings.HasPrefix(l, "---") {
			rest := strings.TrimSpace(l[3:])
			if rest == "" || strings.HasPrefix(rest, "#") {
				flush(line + 1)
				continue
			}
		}
		if chunk.Len() == 0 {
			start = line
		}
		chunk.WriteString(l)
		chunk.WriteByte('\n')
	}
	flush(line + 1)
	return docs
}
