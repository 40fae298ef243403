package dev.asyncjobs.examples.sateais.springboot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Spring Boot service that submits a SateAIs ship detection and follows it, configured by the camel-sateais-starter
 * ({@code camel.component.sateais.*} in application.properties), with Camel's health checks and Micrometer's meters
 * at {@code /actuator/health} (liveness and readiness included) and {@code /actuator/metrics}.
 * <p>
 * With no {@code camel.component.sateais.api-key} configured it follows jobs on the SateAIs simulator, started
 * in-process and running 600 times faster than real time (see {@link SimulatorConfiguration}).
 */
@SpringBootApplication
public class ShipDetectionSpringBootApplication {

    public static void main(String[] args) {
        SpringApplication.run(ShipDetectionSpringBootApplication.class, args);
    }
}
