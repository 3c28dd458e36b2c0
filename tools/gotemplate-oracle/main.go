// Command gotemplate-oracle renders Go text/template + Sprig templates with the real Go
// implementation, for Baton's differential tests and benchmark only (never shipped).
//
// Protocol: one JSON request per line on stdin, one JSON response per line on stdout.
//
//	request:  {"name","template","data","format":"json"|"yaml"|"none","seed":N,"funcs":"sprig"|"score-k8s","bench":N}
//	response: {"ok":bool,"output":base64,"error":string,"nanosPerRender":N}
//
// The random Sprig functions are replaced by versions drawing from a seeded mulberry32
// generator (the same algorithm Baton's tests inject), so outputs compare byte for byte.
package main

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"text/template"
	"time"

	"github.com/Masterminds/sprig"
	"gopkg.in/yaml.v3"
)

type request struct {
	Name     string `json:"name"`
	Template string `json:"template"`
	Data     string `json:"data"`
	Format   string `json:"format"`
	Seed     uint32 `json:"seed"`
	Funcs    string `json:"funcs"`
	Bench    int    `json:"bench"`
	// Unix milliseconds that Sprig's now returns (0: the real clock).
	NowMillis int64 `json:"nowMillis"`
}

type response struct {
	OK             bool    `json:"ok"`
	Output         string  `json:"output"`
	Error          string  `json:"error"`
	NanosPerRender  float64 `json:"nanosPerRender,omitempty"`
	NanosPerExecute float64 `json:"nanosPerExecute,omitempty"`
}

// mulberry32 mirrors lib/engine/gotemplate's seededRandom: same stream for the same seed.
type mulberry32 struct{ state uint32 }

func (m *mulberry32) next() uint32 {
	m.state += 0x6D2B79F5
	t := m.state
	t = (t ^ (t >> 15)) * (t | 1)
	t ^= t + (t^(t>>7))*(t|61)
	return t ^ (t >> 14)
}

func (m *mulberry32) intn(n int) int { return int(m.next() % uint32(n)) }

const (
	alphaChars   = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	alnumChars   = alphaChars + "0123456789"
	numericChars = "0123456789"
)

func randomString(rng *mulberry32, count int, chars string) string {
	if count <= 0 {
		return ""
	}
	var b strings.Builder
	for i := 0; i < count; i++ {
		b.WriteByte(chars[rng.intn(len(chars))])
	}
	return b.String()
}

func asciiChars() string {
	var b strings.Builder
	for c := 32; c <= 126; c++ {
		b.WriteByte(byte(c))
	}
	return b.String()
}

func funcMap(mode string, rng *mulberry32, now int64) template.FuncMap {
	fm := sprig.TxtFuncMap()
	if now != 0 {
		fm["now"] = func() time.Time { return time.UnixMilli(now) }
	}
	ascii := asciiChars()
	fm["randAlpha"] = func(count int) string { return randomString(rng, count, alphaChars) }
	fm["randAlphaNum"] = func(count int) string { return randomString(rng, count, alnumChars) }
	fm["randNumeric"] = func(count int) string { return randomString(rng, count, numericChars) }
	fm["randAscii"] = func(count int) string { return randomString(rng, count, ascii) }
	fm["randInt"] = func(min, max int) int {
		if max-min <= 0 {
			panic("invalid argument to Intn")
		}
		return rng.intn(max-min) + min
	}
	fm["randBytes"] = func(count int) (string, error) {
		buf := make([]byte, count)
		for i := range buf {
			buf[i] = byte(rng.intn(256))
		}
		return base64.StdEncoding.EncodeToString(buf), nil
	}
	fm["uuidv4"] = func() string {
		var b [16]byte
		for i := range b {
			b[i] = byte(rng.intn(256))
		}
		b[6] = (b[6] & 0x0f) | 0x40
		b[8] = (b[8] & 0x3f) | 0x80
		return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
	}
	fm["shuffle"] = func(s string) string {
		runes := []rune(s)
		for i := len(runes) - 1; i > 0; i-- {
			j := rng.intn(i + 1)
			runes[i], runes[j] = runes[j], runes[i]
		}
		return string(runes)
	}
	if mode == "score-k8s" {
		// Stand-in with score-k8s's signature and its documented marker format.
		fm["encodeSecretRef"] = func(secret, key string) string {
			return "🔐💬" + secret + "_" + key + "💬🔐"
		}
	}
	return fm
}

func decode(format, text string) (interface{}, error) {
	var data interface{}
	switch format {
	case "", "none":
		return nil, nil
	case "json":
		if err := json.Unmarshal([]byte(text), &data); err != nil {
			return nil, fmt.Errorf("data: %w", err)
		}
	case "yaml":
		if err := yaml.Unmarshal([]byte(text), &data); err != nil {
			return nil, fmt.Errorf("data: %w", err)
		}
	default:
		return nil, fmt.Errorf("unknown data format %q", format)
	}
	return data, nil
}

func render(req request) response {
	data, err := decode(req.Format, req.Data)
	if err != nil {
		return response{Error: "oracle: " + err.Error()}
	}
	rng := &mulberry32{state: req.Seed}
	tmpl, err := template.New(req.Name).Funcs(funcMap(req.Funcs, rng, req.NowMillis)).Parse(req.Template)
	if err != nil {
		return response{Error: err.Error()}
	}
	var out bytes.Buffer
	if err := tmpl.Execute(&out, data); err != nil {
		return response{Error: err.Error(), Output: base64.StdEncoding.EncodeToString(out.Bytes())}
	}
	res := response{OK: true, Output: base64.StdEncoding.EncodeToString(out.Bytes())}
	if req.Bench > 0 {
		res.NanosPerRender, res.NanosPerExecute = benchmark(req, tmpl, data, rng)
	}
	return res
}

// benchmark times parse + execute and execute alone, the units Baton's benchmark measures too.
func benchmark(req request, parsed *template.Template, data interface{}, rng *mulberry32) (float64, float64) {
	fm := funcMap(req.Funcs, rng, req.NowMillis)
	var out bytes.Buffer
	start := time.Now()
	for i := 0; i < req.Bench; i++ {
		tmpl, _ := template.New(req.Name).Funcs(fm).Parse(req.Template)
		out.Reset()
		_ = tmpl.Execute(&out, data)
	}
	perRender := float64(time.Since(start).Nanoseconds()) / float64(req.Bench)
	start = time.Now()
	for i := 0; i < req.Bench; i++ {
		out.Reset()
		_ = parsed.Execute(&out, data)
	}
	return perRender, float64(time.Since(start).Nanoseconds()) / float64(req.Bench)
}

func main() {
	in := bufio.NewReaderSize(os.Stdin, 1<<20)
	out := bufio.NewWriter(os.Stdout)
	enc := json.NewEncoder(out)
	for {
		line, err := in.ReadBytes('\n')
		if len(bytes.TrimSpace(line)) > 0 {
			var req request
			var res response
			if jerr := json.Unmarshal(line, &req); jerr != nil {
				res = response{Error: "oracle: bad request: " + jerr.Error()}
			} else {
				res = render(req)
			}
			_ = enc.Encode(res)
			_ = out.Flush()
		}
		if err != nil {
			break
		}
	}
}
