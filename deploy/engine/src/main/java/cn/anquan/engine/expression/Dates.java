package cn.anquan.engine.expression;

import java.time.Duration;
import java.time.LocalDate;
import org.springframework.stereotype.Component;

/**
 * {@code ${dates.…}}: the two date calculations FEEL did inline. Calendar days only: working days
 * and holidays are the deadline workers' business (anquan.deadline.*), never an expression's.
 */
@Component("dates")
public class Dates {

  /** {@code dates.plusDays('2026-10-14', 10)} = '2026-10-24' (FEEL date(d) + duration("P10D")). */
  public String plusDays(String isoDate, Number days) {
    return LocalDate.parse(isoDate.substring(0, 10)).plusDays(days.longValue()).toString();
  }

  /** {@code dates.durationDays('P10D')} = 10 (FEEL duration(p).days): whole days of a day-time duration. */
  public long durationDays(String isoDuration) {
    return Duration.parse(isoDuration).toDays();
  }
}
