package cn.anquan.engine;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The engine app: Operaton's Spring Boot starters do the work; every setting is in
 * application.yaml. The few beans of our own live beside this class (REST security,
 * the Json value type, the test clock, Operaton's gauges for /actuator/prometheus under
 * metrics/), the expression helpers under expression/ and, under sandbox/, what keeps
 * diagrams from calling any other Java (JUEL allowlist, no scripts, no Java delegates).
 */
@SpringBootApplication
public class EngineApplication {
  public static void main(String[] args) {
    SpringApplication.run(EngineApplication.class, args);
  }
}
