package config

import (
	"fmt"
	"strings"
)

// Sync is the [sync] table: a Miniflux or Google Reader API server that
// polls the feeds and keeps the read and starred state. The secret (an
// API token or a password) is never in the file: it is the output of a
// command (token_command, password_command: `pass show miniflux`, a
// keyring) or an environment variable (token_env, password_env).
type Sync struct {
	Kind     string // "miniflux" or "greader"
	URL      string
	Username string
	// Command prints the secret; Env names the variable holding it. One
	// of them is set.
	Command, Env string
	// Password: the secret is a password (password_command,
	// password_env), else a token.
	Password bool
	Line     int // of [sync], for errors
}

// SyncKinds are the values [sync] kind accepts.
var SyncKinds = []string{"miniflux", "greader"}

type fileSync struct {
	Kind            *string `toml:"kind"`
	URL             *string `toml:"url"`
	Username        *string `toml:"username"`
	TokenCommand    *string `toml:"token_command"`
	PasswordCommand *string `toml:"password_command"`
	TokenEnv        *string `toml:"token_env"`
	PasswordEnv     *string `toml:"password_env"`
	Token           any     `toml:"token"`
	Password        any     `toml:"password"`
}

// applySync checks [sync]: a kind, a URL, and exactly one way to the
// secret; a secret written in the file is refused.
func (c *Config) applySync(f *fileSync, path string, loc locator) error {
	c.Sync = nil
	if f == nil {
		return nil
	}
	fail := func(key, msg string) error {
		return &Error{Path: path, Line: loc.section("sync", key), Field: "sync." + key, Msg: msg}
	}
	if f.Token != nil || f.Password != nil {
		key := "token"
		if f.Password != nil {
			key = "password"
		}
		return fail(key, "a secret is never written in the config: use "+key+"_command (a command that prints it, such as `pass show miniflux`) or "+key+"_env (an environment variable)")
	}
	s := &Sync{Line: loc.section("sync", "kind")}
	switch {
	case f.Kind == nil:
		return fail("kind", `missing: want kind = "miniflux" or "greader"`)
	case *f.Kind != "miniflux" && *f.Kind != "greader":
		return fail("kind", fmt.Sprintf("%q is not one of %s", *f.Kind, strings.Join(SyncKinds, ", ")))
	}
	s.Kind = *f.Kind
	if f.URL == nil {
		return fail("url", "missing: the server's address, such as \"https://rss.example.org\"")
	}
	if err := CheckURL(*f.URL); err != nil {
		return fail("url", err.Error())
	}
	s.URL = *f.URL
	if f.Username != nil {
		s.Username = strings.TrimSpace(*f.Username)
	}
	ways := 0
	for _, w := range []struct {
		key      string
		v        *string
		password bool
		env      bool
	}{{"token_command", f.TokenCommand, false, false}, {"password_command", f.PasswordCommand, true, false},
		{"token_env", f.TokenEnv, false, true}, {"password_env", f.PasswordEnv, true, true}} {
		if w.v == nil {
			continue
		}
		ways++
		if strings.TrimSpace(*w.v) == "" {
			return fail(w.key, "empty")
		}
		s.Password = w.password
		if w.env {
			s.Env = *w.v
		} else {
			s.Command = *w.v
		}
	}
	switch {
	case ways == 0:
		return fail("kind", "no secret: give token_command, password_command, token_env or password_env")
	case ways > 1:
		return fail("kind", "more than one secret: give only one of token_command, password_command, token_env and password_env")
	case (s.Password || s.Kind == "greader") && s.Username == "":
		return fail("username", "missing: a password (and the Google Reader API) needs the account's username")
	case s.Kind == "greader" && !s.Password:
		return fail("kind", "the Google Reader API logs in with a password: use password_command or password_env")
	}
	c.Sync = s
	return nil
}
