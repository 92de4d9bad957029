/**
 * Baton's decision core: pure values and functions. Nothing here reads the clock, touches the
 * network or imports the AWS SDK; time is always an argument (docs/architecture.md).
 */
package dev.baton.domain;
