package io.ddbsync.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The package dependency graph of a module's main sources, read from the source text: every {@code
 * import} (static ones included) and every fully qualified reference in code. Tests use it to keep
 * the graph acyclic and the pure packages free of I/O.
 */
public final class PackageGraph {
  private static final Pattern PACKAGE = Pattern.compile("(?m)^package\\s+([\\w.]+)\\s*;");
  private static final Pattern IMPORT =
      Pattern.compile("(?m)^import\\s+(?:static\\s+)?([\\w.]+?)(?:\\.\\*)?\\s*;");
  // A qualified name whose last part before a capital letter is the package: a.b.c.Type.
  private static final Pattern QUALIFIED = Pattern.compile("\\b((?:[a-z][a-z0-9_]*\\.)+)[A-Z]");

  private final Map<String, Set<String>> dependencies = new TreeMap<>();
  private final Map<String, Set<String>> externalImports = new TreeMap<>();
  private final Set<String> packagesWithInfo = new TreeSet<>();

  private PackageGraph() {}

  /** The graph of the packages under {@code sourceRoot} (a {@code src/main/java} directory). */
  public static PackageGraph of(Path sourceRoot) {
    PackageGraph graph = new PackageGraph();
    try (Stream<Path> files = Files.walk(sourceRoot)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        graph.read(file, Files.readString(file));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Set<String> own = graph.dependencies.keySet();
    for (Map.Entry<String, Set<String>> entry : graph.dependencies.entrySet()) {
      Set<String> external =
          graph.externalImports.computeIfAbsent(entry.getKey(), k -> new TreeSet<>());
      entry
          .getValue()
          .removeIf(
              target -> {
                if (!own.contains(target)) {
                  external.add(target);
                  return true;
                }
                return target.equals(entry.getKey());
              });
    }
    return graph;
  }

  private void read(Path file, String text) {
    Matcher packageMatch = PACKAGE.matcher(text);
    if (!packageMatch.find()) {
      return;
    }
    String pkg = packageMatch.group(1);
    Set<String> targets = dependencies.computeIfAbsent(pkg, k -> new TreeSet<>());
    if (file.getFileName().toString().equals("package-info.java")) {
      packagesWithInfo.add(pkg);
    }
    Matcher imports = IMPORT.matcher(text);
    while (imports.find()) {
      targets.add(packageOf(imports.group(1)));
    }
    String code = withoutCommentsAndStrings(text.substring(packageMatch.end()));
    code = IMPORT.matcher(code).replaceAll("");
    Matcher qualified = QUALIFIED.matcher(code);
    while (qualified.find()) {
      String name = qualified.group(1);
      targets.add(name.substring(0, name.length() - 1));
    }
  }

  /** The package of a type or static member: everything before the first capitalised part. */
  private static String packageOf(String name) {
    String[] parts = name.split("\\.");
    List<String> pkg = new ArrayList<>();
    for (String part : parts) {
      if (!part.isEmpty() && Character.isUpperCase(part.charAt(0))) {
        break;
      }
      pkg.add(part);
    }
    return String.join(".", pkg);
  }

  private static String withoutCommentsAndStrings(String code) {
    return code.replaceAll("(?s)/\\*.*?\\*/", "")
        .replaceAll("//[^\\n]*", "")
        .replaceAll("\"(?:[^\"\\\\\\n]|\\\\.)*\"", "\"\"");
  }

  /** The module's packages. */
  public Set<String> packages() {
    return dependencies.keySet();
  }

  /** The module's own packages that {@code pkg} uses. */
  public Set<String> dependenciesOf(String pkg) {
    return dependencies.getOrDefault(pkg, Set.of());
  }

  /** Packages outside the module that {@code pkg} imports or names. */
  public Set<String> externalDependenciesOf(String pkg) {
    return externalImports.getOrDefault(pkg, Set.of());
  }

  /** Packages without a {@code package-info.java}. */
  public Set<String> packagesWithoutInfo() {
    Set<String> missing = new TreeSet<>(dependencies.keySet());
    missing.removeAll(packagesWithInfo);
    return missing;
  }

  /** Every cycle, as the packages of one strongly connected component (Tarjan). */
  public List<Set<String>> cycles() {
    Map<String, Integer> index = new HashMap<>();
    Map<String, Integer> low = new HashMap<>();
    Deque<String> stack = new ArrayDeque<>();
    Set<String> onStack = new TreeSet<>();
    List<Set<String>> components = new ArrayList<>();
    int[] counter = {0};
    for (String pkg : dependencies.keySet()) {
      if (!index.containsKey(pkg)) {
        connect(pkg, index, low, stack, onStack, components, counter);
      }
    }
    return components.stream().filter(c -> c.size() > 1).toList();
  }

  private void connect(
      String pkg,
      Map<String, Integer> index,
      Map<String, Integer> low,
      Deque<String> stack,
      Set<String> onStack,
      List<Set<String>> components,
      int[] counter) {
    index.put(pkg, counter[0]);
    low.put(pkg, counter[0]);
    counter[0]++;
    stack.push(pkg);
    onStack.add(pkg);
    for (String next : dependenciesOf(pkg)) {
      if (!index.containsKey(next)) {
        connect(next, index, low, stack, onStack, components, counter);
        low.put(pkg, Math.min(low.get(pkg), low.get(next)));
      } else if (onStack.contains(next)) {
        low.put(pkg, Math.min(low.get(pkg), index.get(next)));
      }
    }
    if (low.get(pkg).equals(index.get(pkg))) {
      Set<String> component = new TreeSet<>();
      String member;
      do {
        member = stack.pop();
        onStack.remove(member);
        component.add(member);
      } while (!member.equals(pkg));
      components.add(component);
    }
  }

  /**
   * For each of {@code pkgs}, the external packages it uses that start with one of {@code
   * forbiddenPrefixes}; empty when the pure packages stay pure.
   */
  public Map<String, Set<String>> forbiddenUses(Set<String> pkgs, List<String> forbiddenPrefixes) {
    Map<String, Set<String>> found = new TreeMap<>();
    for (String pkg : pkgs) {
      for (String used : externalDependenciesOf(pkg)) {
        for (String prefix : forbiddenPrefixes) {
          if (used.equals(prefix) || used.startsWith(prefix + ".")) {
            found.computeIfAbsent(pkg, k -> new TreeSet<>()).add(used);
          }
        }
      }
    }
    return found;
  }
}
