package androidx.appcompat.app;

import android.app.Activity;

/**
 * Compile-time stub of androidx.appcompat's AppCompatActivity (Google's repository only), the return type of
 * cordova-android's {@code CordovaInterface.getActivity()}. The real class extends Activity through FragmentActivity
 * and ComponentActivity; nothing here needs those. Never shipped.
 */
public class AppCompatActivity extends Activity {
}
