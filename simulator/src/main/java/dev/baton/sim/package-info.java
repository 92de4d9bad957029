/**
 * The deterministic simulator (DESIGN.md section 9): Baton's production code in virtual time, on
 * one thread, with one seed deciding delays, beat phases, throttling and ids.
 *
 * <p>Runs unchanged: the agent ({@code Agent}, {@code HeartbeatSender}, {@code AgentState}, {@code
 * RoleTracker}, {@code RoleHooks} with no hooks configured), the detectors ({@code FleetMonitor},
 * {@code StreamRecordReader}, {@code Evaluator}, {@code DecisionRunner}, {@code
 * StaleHeartbeatSweep}, {@code StuckPromotionCheck}), the promotion function's service ({@code
 * PromotionService}, {@code PromotionSaga}, {@code StepAttempts} with Failsafe, {@code
 * PromotionRules}), the request codec and the item codecs.
 *
 * <p>Stood in for (what is outside Baton): DynamoDB global tables ({@link
 * dev.baton.sim.store.ReplicatedTable} and the {@code Replica*} ports, which mirror the {@code
 * Dynamo*} adapters' conditions and failures), Lambda's stream mapping, asynchronous invokes and
 * handlers' few lines ({@link dev.baton.sim.aws}), traffic providers ({@link
 * dev.baton.sim.aws.SimulatedRouter}), SNS, CloudWatch metrics, the droplets' apps, disks and
 * clocks ({@link dev.baton.sim.droplet}).
 *
 * <p>Pieces for scenario files, random schedules and invariant checkers: {@link
 * dev.baton.sim.Simulation#at} (a fault at a virtual instant), {@link
 * dev.baton.sim.Simulation#onStep} (a checker after every step), and {@link
 * dev.baton.sim.Observations} (the history a checker reads).
 */
package dev.baton.sim;
