package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/containerd/platforms"
	"github.com/distribution/reference"
	"github.com/moby/buildkit/client/llb"
	"github.com/moby/buildkit/client/llb/sourceresolver"
	"github.com/moby/buildkit/frontend/dockerfile/dockerfile2llb"
	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
	"github.com/moby/buildkit/frontend/dockerfile/shell"
	"github.com/moby/buildkit/frontend/dockerui"
	"github.com/moby/buildkit/solver/pb"
	digest "github.com/opencontainers/go-digest"
	ocispecs "github.com/opencontainers/image-spec/specs-go/v1"
)

// readFile reads one Dockerfile for one run, and checks the replay against Dockerfile2LLB.
func readFile(dt []byte, spec runSpec) (*result, error) {
	target, err := parsePlatform(spec.Platform)
	if err != nil {
		return nil, err
	}
	buildPlatform := spec.BuildPlatform
	if buildPlatform == "" {
		buildPlatform = defaultBuildPlatform
	}
	build, err := parsePlatform(buildPlatform)
	if err != nil {
		return nil, err
	}
	r := &result{Platform: spec.Platform, BuildPlatform: buildPlatform, BuildArgs: spec.BuildArgs, Froms: []fromLine{}}
	froms, replayErr := replay(dt, target, build, spec.BuildArgs)
	if f, ok := frontend(dt, spec.BuildArgs); ok {
		r.Froms = append(r.Froms, f)
	}
	r.Froms = append(r.Froms, froms...)

	resolved, convertErr := convert(dt, target, build, spec.BuildArgs)
	if convertErr != nil {
		r.Error = convertErr.Error()
		r.ErrorLine = errorLine(convertErr)
	}
	if err := crossCheck(r, resolved, replayErr, convertErr); err != nil {
		return nil, err
	}
	// With several bad FROM lines the conversion reports whichever its concurrent resolution
	// meets first: keep the output stable (each line's own error is in froms).
	if failing := errorFroms(r.Froms); failing > 1 {
		r.Error, r.ErrorLine = fmt.Sprintf("%d image sources fail; BuildKit stops at whichever it resolves first", failing), 0
	}
	return r, nil
}

func isFrontend(f fromLine) bool {
	return f.Instruction == "SYNTAX" || f.Instruction == "BUILDKIT_SYNTAX"
}

func errorFroms(froms []fromLine) int {
	n := 0
	for _, f := range froms {
		if f.Kind == "error" && !isFrontend(f) {
			n++
		}
	}
	return n
}

func parsePlatform(s string) (ocispecs.Platform, error) {
	p, err := platforms.Parse(s)
	if err != nil {
		return p, err
	}
	return platforms.Normalize(p), nil
}

// frontend is the image the Dockerfile frontend hands the build to (frontend/dockerfile/builder
// Build: the BUILDKIT_SYNTAX build argument, else parser.DetectSyntax), pulled and run as
// gateway.v0 source, which parses it with ParseNormalizedNamed like a FROM image.
func frontend(dt []byte, buildArgs map[string]string) (fromLine, bool) {
	f := fromLine{Instruction: "SYNTAX", Line: 1, EndLine: 1, Kind: "error"}
	if cmdline, ok := buildArgs["BUILDKIT_SYNTAX"]; ok {
		f.Instruction, f.Raw = "BUILDKIT_SYNTAX", strings.SplitN(strings.TrimSpace(cmdline), " ", 2)[0]
	} else if ref, _, loc, ok := parser.DetectSyntax(dt); ok {
		f.Raw = ref
		if len(loc) > 0 && loc[0].Start.Line > 1 {
			f.Line, f.EndLine = loc[0].Start.Line, loc[0].Start.Line
		}
	} else {
		return f, false
	}
	raw := f.Raw
	f.Value = &raw
	ref, err := reference.ParseNormalizedNamed(raw)
	if err != nil {
		f.Error = err.Error()
	} else {
		f.Kind, f.Image = "image", reference.TagNameOnly(ref).String()
	}
	return f, true
}

// recorder is a MetaResolver that answers every image with an empty config and remembers the
// references it was asked for: exactly the base images the conversion would pull.
type recorder struct {
	mu   sync.Mutex
	refs map[string]struct{}
}

func (r *recorder) ResolveImageConfig(_ context.Context, ref string, _ sourceresolver.Opt) (string, digest.Digest, []byte, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.refs[ref] = struct{}{}
	return ref, "", []byte(`{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":["sha256:0000000000000000000000000000000000000000000000000000000000000000"]}}`), nil
}

// convert runs BuildKit's Dockerfile frontend conversion over every stage (AllStages), as
// `docker buildx build --platform <target> --build-arg ...` would on a <build> machine.
func convert(dt []byte, target, build ocispecs.Platform, args map[string]string) (map[string]struct{}, error) {
	rec := &recorder{refs: map[string]struct{}{}}
	caps := pb.Caps.CapSet(pb.Caps.All()) // a current BuildKit daemon: every LLB feature
	buildArgs := map[string]string{}
	for k, v := range args {
		buildArgs[k] = v
	}
	_, err := dockerfile2llb.Dockerfile2LLB(context.Background(), dt, dockerfile2llb.ConvertOpt{
		Config: dockerui.Config{
			BuildArgs:      buildArgs,
			BuildPlatforms: []ocispecs.Platform{build},
		},
		TargetPlatform: &target,
		MetaResolver:   rec,
		LLBCaps:        &caps,
		AllStages:      true,
	})
	return rec.refs, err
}

func errorLine(err error) int {
	var le *parser.LocationError
	if errors.As(err, &le) && len(le.Locations) > 0 && len(le.Locations[0]) > 0 {
		return le.Locations[0][0].Start.Line
	}
	return 0
}

// replay reads every FROM line with the steps of dockerfile2llb's toDispatchState (v0.34:
// defaultArgs, buildMetaArgs, buildDispatchStates, resolveReachableStages), using BuildKit's own
// parser, instructions, lexer, EnvList, reference and platforms packages. Unlike the conversion it
// does not stop at the first bad line, so every line gets a reading.
func replay(dt []byte, target, build ocispecs.Platform, buildArgs map[string]string) ([]fromLine, error) {
	ast, err := parser.Parse(bytes.NewReader(dt))
	if err != nil {
		return []fromLine{}, err
	}
	stages, metaArgs, err := instructions.Parse(ast.AST, linter.New(&linter.Config{}))
	if err != nil {
		return []fromLine{}, err
	}
	if len(stages) == 0 {
		return []fromLine{}, errors.New("dockerfile contains no stages to build")
	}
	shlex := shell.NewLex(ast.EscapeToken)
	args := platformArgs(target, build, buildArgs, stages[len(stages)-1].Name)
	args, err = metaArgValues(args, shlex, metaArgs, buildArgs)
	if err != nil {
		return []fromLine{}, err
	}
	froms := make([]fromLine, 0, len(stages))
	stageNames := map[string]bool{}
	for _, st := range stages {
		froms = append(froms, readFrom(st, shlex, args, stageNames))
		if st.Name != "" {
			stageNames[strings.ToLower(st.Name)] = true
		}
	}
	for _, st := range stages {
		for _, cmd := range st.Commands {
			froms = append(froms, readCommandSources(cmd, shlex, stageNames, len(stages))...)
		}
	}
	return froms, nil
}

// readCommandSources is toCommand and detectRunMount: the images a COPY --from or a
// RUN --mount=from= pulls when the name is no stage (of any position, case-insensitive) and, for
// COPY, no stage index. BuildKit pulls them like a FROM image, so the allowlist must see them.
func readCommandSources(cmd instructions.Command, shlex *shell.Lex, stageNames map[string]bool, stages int) []fromLine {
	loc := func(f *fromLine, l []parser.Range) {
		if len(l) > 0 {
			f.Line, f.EndLine = l[0].Start.Line, l[len(l)-1].End.Line
		}
	}
	var out []fromLine
	switch c := cmd.(type) {
	case *instructions.CopyCommand:
		if c.From == "" {
			return nil
		}
		f := fromLine{Instruction: "COPY", Raw: c.From, Kind: "error"}
		loc(&f, c.Location())
		res, err := shlex.ProcessWordWithMatches(c.From, shell.EnvsFromSlice(nil))
		switch index, convErr := strconv.Atoi(c.From); {
		case err != nil:
			f.Error = err.Error()
		case res.Result != c.From:
			f.Error = "variable expansion is not supported for --from"
		case convErr == nil && (index < 0 || index >= stages):
			f.Error = fmt.Sprintf("invalid stage index %d", index)
		case convErr == nil:
			f.Kind = "stage"
		default:
			sourceKind(&f, c.From, stageNames)
		}
		out = append(out, f)
	case *instructions.RunCommand:
		for _, m := range instructions.GetMounts(c) {
			if m.From == "" {
				continue
			}
			f := fromLine{Instruction: "RUN", Raw: m.From, Kind: "error"}
			loc(&f, c.Location())
			sourceKind(&f, m.From, stageNames)
			out = append(out, f)
		}
	}
	return out
}

func sourceKind(f *fromLine, name string, stageNames map[string]bool) {
	f.Value = &name
	switch {
	case stageNames[strings.ToLower(name)]:
		f.Kind = "stage"
	case name == "scratch":
		f.Kind = "scratch"
	default:
		ref, err := reference.ParseNormalizedNamed(name)
		if err != nil {
			f.Error = fmt.Sprintf("failed to parse stage name %q: %v", name, err)
			return
		}
		f.Kind, f.Image = "image", reference.TagNameOnly(ref).String()
	}
}

// platformArgs is dockerfile2llb's defaultArgs: the automatic platform arguments, which a build
// argument of the same name overrides.
func platformArgs(tp, bp ocispecs.Platform, overrides map[string]string, target string) *llb.EnvList {
	if target == "" {
		target = "default"
	}
	pairs := [][2]string{
		{"BUILDPLATFORM", platforms.Format(bp)},
		{"BUILDOS", bp.OS},
		{"BUILDOSVERSION", bp.OSVersion},
		{"BUILDARCH", bp.Architecture},
		{"BUILDVARIANT", bp.Variant},
		{"TARGETPLATFORM", platforms.FormatAll(tp)},
		{"TARGETOS", tp.OS},
		{"TARGETOSVERSION", tp.OSVersion},
		{"TARGETARCH", tp.Architecture},
		{"TARGETVARIANT", tp.Variant},
		{"TARGETSTAGE", target},
	}
	env := &llb.EnvList{}
	for _, kv := range pairs {
		v := kv[1]
		if o, ok := overrides[kv[0]]; ok {
			v = o
		}
		env = env.AddOrReplace(kv[0], v)
	}
	return env
}

// metaArgValues is dockerfile2llb's buildMetaArgs: the ARGs before the first FROM, in order; a
// build argument replaces a declared ARG's default, a default is expanded with the ARGs above it,
// and an ARG with neither leaves the name as it was (unset, or its earlier value).
func metaArgValues(args *llb.EnvList, shlex *shell.Lex, cmds []instructions.ArgCommand, buildArgs map[string]string) (*llb.EnvList, error) {
	for _, cmd := range cmds {
		for _, kp := range cmd.Args {
			if v, ok := buildArgs[kp.Key]; ok {
				kp.Value = &v
			} else if kp.Value != nil {
				res, err := shlex.ProcessWordWithMatches(*kp.Value, args)
				if err != nil {
					return nil, parser.WithLocation(err, cmd.Location())
				}
				kp.Value = &res.Result
			}
			if kp.Value != nil {
				args = args.AddOrReplace(kp.Key, *kp.Value)
			}
		}
	}
	return args, nil
}

// readFrom is one stage of buildDispatchStates and resolveBaseImage: expand the name, refuse a
// blank one, expand and parse --platform, then an earlier stage (exact, case-sensitive lookup of
// lower-cased stage names), scratch, or an image reference normalized as BuildKit pulls it.
func readFrom(st instructions.Stage, shlex *shell.Lex, args *llb.EnvList, stageNames map[string]bool) fromLine {
	f := fromLine{Instruction: "FROM", Raw: st.BaseName, Kind: "error"}
	if len(st.Location) > 0 {
		f.Line, f.EndLine = st.Location[0].Start.Line, st.Location[len(st.Location)-1].End.Line
	}
	res, err := shlex.ProcessWordWithMatches(st.BaseName, args)
	f.Unmatched = sortedKeys(res.Unmatched)
	if err != nil {
		f.Error = err.Error()
		return f
	}
	f.Value = &res.Result
	if res.Result == "" {
		f.Error = fmt.Sprintf("base name (%s) should not be blank", st.BaseName)
		return f
	}
	if st.Platform != "" {
		plat, err := shlex.ProcessWordWithMatches(st.Platform, args)
		if err != nil {
			f.Error = fmt.Sprintf("failed to process arguments for platform %s: %v", plat.Result, err)
			return f
		}
		f.Platform = plat.Result
		if plat.Result == "" {
			f.Error = "empty platform value from expression " + st.Platform
			return f
		}
		if _, err := platforms.Parse(plat.Result); err != nil {
			f.Error = fmt.Sprintf("failed to parse platform %s: %v", st.Platform, err)
			return f
		}
	}
	switch {
	case stageNames[res.Result]:
		f.Kind = "stage"
	case res.Result == "scratch":
		f.Kind = "scratch"
	default:
		ref, err := reference.ParseNormalizedNamed(res.Result)
		if err != nil {
			f.Error = fmt.Sprintf("failed to parse stage name %q: %v", res.Result, err)
			return f
		}
		f.Kind, f.Image = "image", reference.TagNameOnly(ref).String()
	}
	return f
}

func sortedKeys(m map[string]struct{}) []string {
	if len(m) == 0 {
		return nil
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// crossCheck fails when the replay and the real conversion disagree: then the replay, not the
// action, would be wrong, and the oracle must not print it.
func crossCheck(r *result, resolved map[string]struct{}, replayErr, convertErr error) error {
	if replayErr != nil {
		if convertErr == nil {
			return fmt.Errorf("the replay failed (%v) where Dockerfile2LLB succeeded", replayErr)
		}
		return nil // both refuse the file before reading any FROM line
	}
	images := map[string]struct{}{}
	errorLines := map[int]bool{}
	for _, f := range r.Froms {
		if isFrontend(f) {
			continue // Dockerfile2LLB never sees the syntax directive: the builder reads it first
		}
		if f.Kind == "image" {
			images[f.Image] = struct{}{}
		}
		if f.Kind == "error" {
			for l := f.Line; l <= f.EndLine; l++ {
				errorLines[l] = true
			}
		}
	}
	if convertErr == nil {
		if len(errorLines) > 0 {
			return fmt.Errorf("the replay found an error on a FROM line where Dockerfile2LLB succeeded: %+v", r.Froms)
		}
		if !sameKeys(images, resolved) {
			return fmt.Errorf("the replay read images %v, Dockerfile2LLB resolved %v", sortedKeys(images), sortedKeys(resolved))
		}
		return nil
	}
	if len(errorLines) > 0 && !errorLines[r.ErrorLine] {
		return fmt.Errorf("Dockerfile2LLB failed on line %d (%v), the replay on lines %v", r.ErrorLine, convertErr, errorLines)
	}
	for ref := range resolved {
		if _, ok := images[ref]; !ok {
			return fmt.Errorf("Dockerfile2LLB resolved %s, which the replay did not read", ref)
		}
	}
	return nil
}

func sameKeys(a, b map[string]struct{}) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if _, ok := b[k]; !ok {
			return false
		}
	}
	return true
}
