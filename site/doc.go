// Package site learns a model of one website from the facts of its pages:
// the author values it prints on every page, the blocks that repeat, and
// per page template the page type, the byline position and the body
// container. It is pure: facts in, rules out, no network and no database.
// normalize.Extract applies the rules through Options.Site.
package site
