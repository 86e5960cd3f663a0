package main

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/moby/buildkit/client/llb"
	"github.com/moby/buildkit/frontend/dockerfile/shell"
)

// wordCases are words to expand with BuildKit's lexer alone: the lexer's corner cases are many
// more than a corpus of Dockerfiles exercises.
type wordCases struct {
	Sets []struct {
		// Env: the variables that are set; a name absent here is unset.
		Env    map[string]string `json:"env"`
		Escape string            `json:"escape,omitempty"`
		Words  []string          `json:"words"`
	} `json:"sets"`
}

type wordResult struct {
	Word      string   `json:"word"`
	Escape    string   `json:"escape"`
	Set       int      `json:"set"`
	Value     *string  `json:"value,omitempty"`
	Unmatched []string `json:"unmatched,omitempty"`
	Error     string   `json:"error,omitempty"`
}

func runWords(path string) ([]wordResult, error) {
	var cases wordCases
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(raw, &cases); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var out []wordResult
	for i, set := range cases.Sets {
		escape := set.Escape
		if escape == "" {
			escape = `\`
		}
		env := &llb.EnvList{}
		for k, v := range set.Env {
			env = env.AddOrReplace(k, v)
		}
		lex := shell.NewLex(rune(escape[0]))
		for _, w := range set.Words {
			r := wordResult{Word: w, Escape: escape, Set: i}
			res, err := lex.ProcessWordWithMatches(w, env)
			if err != nil {
				r.Error = err.Error()
			} else {
				r.Value = &res.Result
				r.Unmatched = sortedKeys(res.Unmatched)
			}
			out = append(out, r)
		}
	}
	return out, nil
}
