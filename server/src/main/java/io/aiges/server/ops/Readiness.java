package io.aiges.server.ops;

/**
 * Whether this process should get traffic: true once every engine has loaded and the listeners
 * are up, false again as soon as it starts draining for shutdown, so a load balancer stops
 * sending requests before they would be refused.
 */
public final class Readiness {
    private volatile boolean ready;
    private volatile boolean draining;

    public boolean isReady() {
        return ready;
    }

    /** True from the start of a shutdown on: answers then ask clients to close their connections. */
    public boolean isDraining() {
        return draining;
    }

    public void ready() {
        ready = true;
    }

    public void draining() {
        draining = true;
        ready = false;
    }
}
