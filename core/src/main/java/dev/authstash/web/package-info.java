/**
 * Adapter plumbing, <b>not an application API</b>: {@code RequestGate}, {@code GateResult}, {@code RequestInfo}
 * and {@code SharedInstances} are what the servlet, JAX-RS and Spring Boot adapters of authstash call, and may
 * change in any release. Applications use {@code dev.authstash.Authstash}, the adapters' filters and features,
 * and the configuration.
 */
package dev.authstash.web;
