/**
 * Baton's decision core: pure values and functions. Nothing here reads the clock, touches the
 * network or imports the AWS SDK; time is always an argument (DESIGN.md sections 3, 4 and 9).
 */
package dev.baton.domain;
