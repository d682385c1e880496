/**
 * Adapter plumbing, <b>not an application API</b>: the request choreography the servlet, JAX-RS and Spring Boot
 * adapters of authstash call — {@code RequestGate} ({@code before}/{@code limits}/{@code authenticate}/{@code limit}/
 * {@code after}, {@code attempt}), the request view {@code GateRequest}, the outcome {@code GateOutcome} with its
 * {@code Header} lines, {@code AccountAttempt} — plus the session helpers' {@code RequestInfo}, {@code SignedIn} and
 * {@code GateResult}, and {@code SharedInstances}; all may change in any release. Applications use {@code dev.authstash.Authstash}, the adapters' filters and features,
 * and the configuration.
 */
package dev.authstash.web;
