/**
 * Ports: the small interfaces through which application services reach the outside world. Each has
 * one adapter per provider in {@code dev.baton.store}, {@code dev.baton.routing}, ... and an
 * in-memory fake in test code. No AWS SDK types appear here.
 */
package dev.baton.port;
