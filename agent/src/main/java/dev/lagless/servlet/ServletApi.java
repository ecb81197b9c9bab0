package dev.lagless.servlet;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The few servlet methods the agent calls, found once per request class (javax or jakarta, whichever
 * the request implements) through the public interfaces, so no container class is touched.
 */
final class ServletApi {

  private static final ServletApi NONE = new ServletApi(null, null, null, null, null, null, null);

  private static final ClassValue<ServletApi> BY_REQUEST_CLASS = new ClassValue<>() {
    @Override
    protected ServletApi computeValue(Class<?> requestClass) {
      Class<?> request = find(requestClass, "jakarta.servlet.http.HttpServletRequest");
      if (request == null) {
        request = find(requestClass, "javax.servlet.http.HttpServletRequest");
      }
      if (request == null) {
        return NONE;
      }
      try {
        String namespace = request.getName().substring(0, request.getName().indexOf(".servlet.") + ".servlet.".length());
        ClassLoader loader = request.getClassLoader();
        Class<?> response = Class.forName(namespace + "http.HttpServletResponse", false, loader);
        Class<?> cookie = Class.forName(namespace + "http.Cookie", false, loader);
        Class<?> cookies = java.lang.reflect.Array.newInstance(cookie, 0).getClass();
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        MethodType string = MethodType.methodType(String.class);
        return new ServletApi(
            lookup.findVirtual(request, "getHeader", MethodType.methodType(String.class, String.class))
                .asType(MethodType.methodType(String.class, Object.class, String.class)),
            lookup.findVirtual(request, "getCookies", MethodType.methodType(cookies))
                .asType(MethodType.methodType(Object[].class, Object.class)),
            lookup.findVirtual(cookie, "getName", string).asType(MethodType.methodType(String.class, Object.class)),
            lookup.findVirtual(cookie, "getValue", string).asType(MethodType.methodType(String.class, Object.class)),
            lookup.findVirtual(request, "isSecure", MethodType.methodType(boolean.class))
                .asType(MethodType.methodType(boolean.class, Object.class)),
            lookup.findVirtual(response, "isCommitted", MethodType.methodType(boolean.class))
                .asType(MethodType.methodType(boolean.class, Object.class)),
            lookup.findVirtual(response, "addHeader", MethodType.methodType(void.class, String.class, String.class))
                .asType(MethodType.methodType(void.class, Object.class, String.class, String.class)));
      } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
        return NONE;
      }
    }
  };

  private final MethodHandle getHeader;
  private final MethodHandle getCookies;
  private final MethodHandle cookieName;
  private final MethodHandle cookieValue;
  private final MethodHandle isSecure;
  private final MethodHandle isCommitted;
  private final MethodHandle addHeader;

  private ServletApi(MethodHandle getHeader, MethodHandle getCookies, MethodHandle cookieName,
      MethodHandle cookieValue, MethodHandle isSecure, MethodHandle isCommitted, MethodHandle addHeader) {
    this.getHeader = getHeader;
    this.getCookies = getCookies;
    this.cookieName = cookieName;
    this.cookieValue = cookieValue;
    this.isSecure = isSecure;
    this.isCommitted = isCommitted;
    this.addHeader = addHeader;
  }

  /** The API for this request, or null when it is not an HTTP servlet request. */
  static ServletApi of(Object request) {
    ServletApi api = request == null ? NONE : BY_REQUEST_CLASS.get(request.getClass());
    return api == NONE ? null : api;
  }

  private static Class<?> find(Class<?> type, String name) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      for (Class<?> i : c.getInterfaces()) {
        if (i.getName().equals(name)) {
          return i;
        }
        Class<?> deeper = find(i, name);
        if (deeper != null) {
          return deeper;
        }
      }
    }
    return null;
  }

  String header(Object request, String name) throws Throwable {
    return (String) getHeader.invokeExact(request, name);
  }

  /** The value of the first cookie called {@code name}, or null. */
  String cookie(Object request, String name) throws Throwable {
    Object[] cookies = (Object[]) getCookies.invokeExact(request);
    if (cookies == null) {
      return null;
    }
    for (Object cookie : cookies) {
      if (name.equals((String) cookieName.invokeExact(cookie))) {
        return (String) cookieValue.invokeExact(cookie);
      }
    }
    return null;
  }

  boolean secure(Object request) throws Throwable {
    return (boolean) isSecure.invokeExact(request);
  }

  boolean committed(Object response) throws Throwable {
    return (boolean) isCommitted.invokeExact(response);
  }

  void addHeader(Object response, String name, String value) throws Throwable {
    addHeader.invokeExact(response, name, value);
  }
}
