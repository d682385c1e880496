/**
 * Internal: route globs, path normalization and the route table behind rate-limit rules and protected paths.
 * <b>Not an application API</b>; may change in any release. Rules are written in the configuration
 * ({@code docs/configuration.md}), not built with these classes.
 */
package dev.authstash.route;
